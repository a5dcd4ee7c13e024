using System.Net;
using System.Text;
using System.Text.Json;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;

namespace RaRlhf.Actors.Tests.RemoteReward;

public sealed class RewardServerTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(Uri url, string body)
    {
        using var response = await Http.PostAsync(new Uri(url, "/score"), new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Score_UnknownVersion_Returns400WithMessage()
    {
        await using var server = RewardServer.Start(new TextNumberModel());

        var (status, body) = await PostAsync(server.BaseUrl, """{"version":2,"items":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("unsupported wire version 2", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Score_Garbage_Returns400()
    {
        await using var server = RewardServer.Start(new TextNumberModel());

        var (status, body) = await PostAsync(server.BaseUrl, "{nope");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", body);
    }

    [Fact]
    public async Task Score_OverSizeLimit_Returns413()
    {
        var model = new TextNumberModel();
        await using var server = RewardServer.Start(model, maxRequestBytes: 100);
        var big = Encoding.UTF8.GetString(RewardWire.WriteRequest(TextNumberModel.Items(20)));

        var (status, body) = await PostAsync(server.BaseUrl, big);

        Assert.True(big.Length > 100);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("limit of 100 bytes", body);
        Assert.Empty(model.BatchSizes);
    }

    [Fact]
    public async Task Health_Get_ReturnsVersionAndModelName()
    {
        await using var server = RewardServer.Start(new TextNumberModel());

        var body = await Http.GetStringAsync(new Uri(server.BaseUrl, "/health"));

        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal("text-number", root.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Score_ModelThrows_Returns500NamingModel()
    {
        await using var server = RewardServer.Start(new ThrowingModel());

        var (status, body) = await PostAsync(server.BaseUrl, """{"version":1,"items":[{"prompt":"a","response":"b"}]}""");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("reward model throwing failed", body);
    }

    [Fact]
    public async Task StopAsync_RequestInFlight_FinishesItBeforeClosing()
    {
        var gate = new TaskCompletionSource();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = RewardServer.Start(new GatedModel(gate.Task, entered));
        var pending = PostAsync(server.BaseUrl, """{"version":1,"items":[{"prompt":"a","response":"b"}]}""");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(5)); // the request is inside the model

        var stopping = server.StopAsync();
        await Task.Delay(20);
        Assert.False(stopping.IsCompleted, "stop must wait for the in-flight request");
        gate.SetResult();
        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
        var (status, body) = await pending.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([4f], RewardWire.ReadResponse(Encoding.UTF8.GetBytes(body), 1).Scores);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(server.BaseUrl, "{}"));
        await server.DisposeAsync();
    }

    private sealed class ThrowingModel : IRewardModel
    {
        public string Name => "throwing";

        public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation) =>
            throw new InvalidOperationException("boom");
    }

    private sealed class GatedModel(Task gate, TaskCompletionSource entered) : IRewardModel
    {
        public string Name => "gated";

        public async Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
        {
            entered.TrySetResult();
            await gate;
            return RewardOutput.Of([4f]);
        }
    }
}
