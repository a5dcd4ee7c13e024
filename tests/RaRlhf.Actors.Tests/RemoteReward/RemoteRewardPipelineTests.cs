using System.Net;
using System.Text;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;
using RaRlhf.Actors.Tests.Pipeline;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.RemoteReward;

/// <summary>
/// Training against a remote reward that misbehaves (garbage, a wrong number of scores, no answer): the failed batch
/// yields no scores, the scorer actor is restarted and the batch re-sent, and a run that cannot go on stops with the
/// cause and resumes later to exactly the weights of an undisturbed run. The tiny run decodes token 5 as "t5", so a
/// remote lexicon {"t5": 1} is the tiny run's own reward and <see cref="DirectLoop"/> is the reference (bit for bit).
/// </summary>
public sealed class RemoteRewardPipelineTests(ITestOutputHelper output)
{
    private static readonly RemoteLexiconScorer CountT5 = new(new Dictionary<string, float> { ["t5"] = 1f });

    private static HttpRewardModel Client(Uri url) => new(new HttpRewardOptions(url)
    {
        RequestTimeout = TimeSpan.FromMilliseconds(1500),
        MaxRetries = 0, // every failure goes up to the actor supervisor
        BreakerFailures = 100,
    });

    /// <summary>Answers like <c>serve-reward --lexicon</c> with {"t5": 1}.</summary>
    private static async Task ScoreAsync(HttpListenerContext context)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var scored = await CountT5.ScoreAsync(RewardWire.ReadRequest(body.ToArray()), default);
        await ScriptedHttpServer.ReplyAsync(context, 200, Encoding.UTF8.GetString(RewardWire.WriteResponse(scored)));
    }

    [Fact]
    public async Task Run_RemoteRewardFailsOnSomeCalls_BatchesResentAndWeightsEqualDirectLoop()
    {
        const int iterations = 3;
        await using var server = new ScriptedHttpServer((call, c, stop) => call switch
        {
            1 => ScriptedHttpServer.ReplyAsync(c, 200, "<html>gateway error</html>"),
            3 => ScriptedHttpServer.ReplyAsync(c, 200, """{"version":1,"scores":[1.0]}"""),
            4 => Task.Delay(Timeout.Infinite, stop),
            _ => ScoreAsync(c),
        });
        using var remote = Client(server.BaseUrl);
        using var dir = new TempRunDirectory();
        var (expected, expectedRewards) = DirectLoop.Run(iterations, seed: 3, alpha: 1m);

        await using var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations) with { Reward = remote });
        var progress = await pipeline.RunAsync().WaitAsync(TimeSpan.FromMinutes(2));
        var actual = await pipeline.LoadPolicyAsync(progress.Policy);

        var rewards = File.ReadAllLines(pipeline.MetricsPath).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("reward_mean").GetDouble());
        output.WriteLine($"{server.Calls} calls (3 failed); max |Δw| vs direct loop = {expected.Zip(actual, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.Equal(iterations + 3, server.Calls);
        Assert.Equal(expectedRewards, rewards);
        Assert.Equal(expected, actual);
    }

    // Guards ActorCell: an ask in flight when escalation aborts the restart is failed, so RunAsync completes.
    [Fact]
    public async Task Run_RemoteRewardKeepsFailing_StopsWithTheCauseThenResumesToTheSameWeights()
    {
        const int iterations = 3, healthy = 2;
        var broken = true;
        await using var server = new ScriptedHttpServer((call, c, _) => call < healthy || !Volatile.Read(ref broken)
            ? ScoreAsync(c)
            : ScriptedHttpServer.ReplyAsync(c, 200, """{"version":1,"scores":[1.0, 2.0]}"""));
        using var dir = new TempRunDirectory();
        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 1m);

        Exception failure;
        using (var remote = Client(server.BaseUrl))
        await using (var first = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations) with { Reward = remote }))
        {
            // Bounded: a run that neither finishes nor fails is the bug this test exists to catch.
            failure = await Assert.ThrowsAnyAsync<Exception>(() => first.RunAsync().WaitAsync(TimeSpan.FromMinutes(2)));
            Assert.IsNotType<TimeoutException>(failure);
            Assert.Equal(healthy, File.ReadAllLines(first.MetricsPath).Length);
        }

        var messages = string.Join(" | ", Chain(failure).Select(e => $"{e.GetType().Name}: {e.Message}"));
        output.WriteLine($"first run stopped after {healthy} iterations: {messages}");
        Assert.Contains("expected 16 scores (one per item), got 2", messages);

        Volatile.Write(ref broken, false);
        using var fixedRemote = Client(server.BaseUrl);
        await using var second = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations) with { Reward = fixedRemote });
        var progress = await second.RunAsync();
        var actual = await second.LoadPolicyAsync(progress.Policy);

        output.WriteLine($"resumed: max |Δw| vs undisturbed = {expected.Zip(actual, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.Equal(iterations, File.ReadAllLines(second.MetricsPath).Length);
        Assert.Equal(expected, actual);
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }
}
