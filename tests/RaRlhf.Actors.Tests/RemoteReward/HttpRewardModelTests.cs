using System.Diagnostics;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;

namespace RaRlhf.Actors.Tests.RemoteReward;

/// <summary>The client against a real <see cref="RewardServer"/> and against scripted misbehaving servers, on 127.0.0.1.</summary>
public sealed class HttpRewardModelTests
{
    private static HttpRewardOptions Fast(Uri url) => new(url)
    {
        RequestTimeout = TimeSpan.FromMilliseconds(2000),
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        BreakerFailures = 100,
    };

    [Fact]
    public async Task ScoreAsync_LexiconServer_EqualsLocalModel()
    {
        var lexicon = new RemoteLexiconScorer(new Dictionary<string, float> { ["good"] = 1f, ["bad"] = -1.5f, ["don't"] = 0.25f });
        RewardInput[] items =
        [
            new("p", "Good, GOOD and bad.", [], []), new("p", "nothing here", [], []),
            new("p", "I don't think it's bad", [], []), new("p", "", [], []),
        ];
        var local = await lexicon.ScoreAsync(items, default);
        await using var server = RewardServer.Start(lexicon);
        using var remote = new HttpRewardModel(Fast(server.BaseUrl));

        var output = await remote.ScoreAsync(items, default);

        Assert.Equal([0.5f, 0f, -1.25f, 0f], local.Scores); // hand-computed: 1+1-1.5, 0, 0.25-1.5, 0
        Assert.Equal(local.Scores, output.Scores);
        Assert.Equal(local.Extra["reward/lexicon_hits_per_item"], output.Extra["reward/lexicon_hits_per_item"], 12);
    }

    [Fact]
    public async Task ScoreAsync_LargeBatch_SplitsIntoMaxSizeRequestsAndKeepsOrder()
    {
        var model = new TextNumberModel();
        await using var server = RewardServer.Start(model);
        using var remote = new HttpRewardModel(Fast(server.BaseUrl) with { MaxBatchSize = 3 });
        var items = TextNumberModel.Items(10);

        var output = await remote.ScoreAsync(items, default);

        Assert.Equal([3, 3, 3, 1], model.BatchSizes);
        Assert.Equal(items.Select(i => float.Parse(i.ResponseText, System.Globalization.CultureInfo.InvariantCulture)), output.Scores);
    }

    [Fact]
    public async Task ScoreAsync_ServerTimesOut_RetriesThenThrowsNamingUrl()
    {
        await using var server = new ScriptedHttpServer((_, _, stop) => Task.Delay(Timeout.Infinite, stop));
        // Long enough that every attempt reaches the server before the client gives up on it (at 40 ms a loaded
        // machine let the client cancel an attempt before the server had accepted it, so the server counted 2).
        using var remote = new HttpRewardModel(Fast(server.BaseUrl) with { RequestTimeout = TimeSpan.FromMilliseconds(300) });

        var e = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(TextNumberModel.Items(2), default));

        Assert.Contains(server.BaseUrl.ToString().TrimEnd('/') + "/score", e.Message);
        Assert.Contains("timed out after 300 ms", e.Message);
        Assert.Contains("gave up after 3 attempts", e.Message);
        SpinWait.SpinUntil(() => server.Calls >= 3, TimeSpan.FromSeconds(2)); // a loaded server may accept the last one late
        Assert.Equal(3, server.Calls);
    }

    [Theory]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("""{"version":1,"scores":[1.0]}""", "expected 2 scores (one per item), got 1")]
    [InlineData("""{"version":1,"scores":[1.0, 2.0, 3.0]}""", "expected 2 scores (one per item), got 3")]
    [InlineData("""{"version":1,"scores":[1.0, 1e40]}""", "scores[1] is not a finite number")]
    [InlineData("""{"version":7,"scores":[1.0, 2.0]}""", "unsupported wire version 7")]
    public async Task ScoreAsync_InvalidResponse_ThrowsWithoutRetrying(string body, string expected)
    {
        await using var server = new ScriptedHttpServer((_, c, _) => ScriptedHttpServer.ReplyAsync(c, 200, body));
        using var remote = new HttpRewardModel(Fast(server.BaseUrl));

        var e = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(TextNumberModel.Items(2), default));

        Assert.Contains("invalid response", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.Contains(server.BaseUrl.Authority, e.Message);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task ScoreAsync_SecondChunkGarbage_ThrowsAndReturnsNoScores()
    {
        await using var server = new ScriptedHttpServer((call, c, _) => call == 0
            ? ScriptedHttpServer.ReplyAsync(c, 200, """{"version":1,"scores":[1,2]}""")
            : ScriptedHttpServer.ReplyAsync(c, 200, "{garbage"));
        using var remote = new HttpRewardModel(Fast(server.BaseUrl) with { MaxBatchSize = 2 });

        await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(TextNumberModel.Items(4), default));

        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task ScoreAsync_500Then200_RetriesAndSucceeds()
    {
        await using var server = new ScriptedHttpServer((call, c, _) => call == 0
            ? ScriptedHttpServer.ReplyAsync(c, 500, "overloaded")
            : ScriptedHttpServer.ReplyAsync(c, 200, """{"version":1,"scores":[0.5,-2],"extra":{}}"""));
        using var remote = new HttpRewardModel(Fast(server.BaseUrl));

        var output = await remote.ScoreAsync(TextNumberModel.Items(2), default);

        Assert.Equal([0.5f, -2f], output.Scores);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task ScoreAsync_400_ThrowsWithServerMessageWithoutRetrying()
    {
        await using var server = new ScriptedHttpServer((_, c, _) => ScriptedHttpServer.ReplyAsync(c, 400, """{"error":"unsupported wire version 1"}"""));
        using var remote = new HttpRewardModel(Fast(server.BaseUrl));

        var e = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(TextNumberModel.Items(1), default));

        Assert.Contains("HTTP 400", e.Message);
        Assert.Contains("unsupported wire version 1", e.Message);
        Assert.Equal(1, server.Calls);
    }

    [Fact]
    public async Task ScoreAsync_ServerDown_CircuitOpensFailsFastThenHalfOpenRecovers()
    {
        var port = RewardServer.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var cooldown = TimeSpan.FromMilliseconds(150);
        using var remote = new HttpRewardModel(Fast(url) with { MaxRetries = 1, BreakerFailures = 2, BreakerCooldown = cooldown });
        var items = TextNumberModel.Items(3);

        for (var i = 0; i < 2; i++)
        {
            var down = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(items, default));
            Assert.Contains("connection failed", down.Message);
        }

        Assert.True(remote.Breaker.IsOpen);
        var open = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(items, default));
        Assert.Contains("circuit open after 2 consecutive failures", open.Message);

        var model = new TextNumberModel();
        await using var server = RewardServer.Start(model, port: port);
        var stillOpen = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(items, default));
        Assert.Contains("circuit open", stillOpen.Message);
        Assert.Empty(model.BatchSizes); // fail-fast never reached the server

        var clock = Stopwatch.StartNew();
        RewardOutput? recovered = null;
        while (recovered is null && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(cooldown / 3);
            try
            {
                recovered = await remote.ScoreAsync(items, default);
            }
            catch (RemoteRewardException e) when (e.Message.Contains("circuit open"))
            {
                Assert.True(clock.Elapsed < cooldown + TimeSpan.FromSeconds(3), "the circuit should half-open after its cool-down");
            }
        }

        Assert.NotNull(recovered);
        Assert.Equal([-3f, -2.5f, -2f], recovered.Scores);
        Assert.False(remote.Breaker.IsOpen);
        Assert.Equal([3], model.BatchSizes);
    }

    [Fact]
    public async Task ScoreAsync_HalfOpenTrialFails_ReopensForAnotherCooldown()
    {
        await using var server = new ScriptedHttpServer((_, c, _) => ScriptedHttpServer.ReplyAsync(c, 503, "down"));
        var cooldown = TimeSpan.FromMilliseconds(60);
        using var remote = new HttpRewardModel(Fast(server.BaseUrl) with { MaxRetries = 0, BreakerFailures = 1, BreakerCooldown = cooldown });

        await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(TextNumberModel.Items(1), default));
        await Task.Delay(cooldown * 2);
        var trial = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(TextNumberModel.Items(1), default));
        var fast = await Assert.ThrowsAsync<RemoteRewardException>(() => remote.ScoreAsync(TextNumberModel.Items(1), default));

        Assert.Contains("HTTP 503", trial.Message);
        Assert.Contains("circuit open", fast.Message);
        Assert.Equal(2, server.Calls);
    }

    [Fact]
    public async Task ScoreAsync_CallerCancels_ThrowsCanceledWithoutCountingAFailure()
    {
        var received = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new ScriptedHttpServer((_, _, stop) =>
        {
            received.TrySetResult();
            return Task.Delay(Timeout.Infinite, stop);
        });
        using var remote = new HttpRewardModel(Fast(server.BaseUrl) with { RequestTimeout = TimeSpan.FromSeconds(5), BreakerFailures = 1 });
        using var cancel = new CancellationTokenSource();

        // Cancel once the request is at the server (a fixed 30 ms could fire before it left, on a loaded machine).
        var scoring = remote.ScoreAsync(TextNumberModel.Items(1), cancel.Token);
        await received.Task.WaitAsync(TimeSpan.FromSeconds(4));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => scoring);

        Assert.False(remote.Breaker.IsOpen);
        Assert.Equal(1, server.Calls);
    }
}
