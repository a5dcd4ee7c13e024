using System.Text;
using System.Text.Json.Nodes;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.RemoteReward;

public sealed class RewardWireTests
{
    private static string Fixture(string name) =>
        Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Actors.Tests", "RemoteReward", "Fixtures", name);

    [Fact]
    public void WriteRequest_FixtureItems_MatchesPinnedDocument()
    {
        RewardInput[] items = [new("The film was", " good, \"really\" good.", [1, 2], [3]), new("Café line\n", "", [], [])];
        var written = JsonNode.Parse(RewardWire.WriteRequest(items));
        var pinned = JsonNode.Parse(File.ReadAllText(Fixture("wire-v1-request.json")));
        Assert.True(JsonNode.DeepEquals(pinned, written), $"written {written?.ToJsonString()}");
    }

    [Fact]
    public void ReadRequest_PinnedDocument_ReturnsTexts()
    {
        var items = RewardWire.ReadRequest(File.ReadAllBytes(Fixture("wire-v1-request.json")));
        Assert.Equal(["The film was", "Café line\n"], items.Select(i => i.PromptText));
        Assert.Equal([" good, \"really\" good.", ""], items.Select(i => i.ResponseText));
    }

    [Fact]
    public void ReadResponse_PinnedDocument_ReturnsScoresAndExtra()
    {
        var output = RewardWire.ReadResponse(File.ReadAllBytes(Fixture("wire-v1-response.json")), 2);
        Assert.Equal([2.0f, -0.25f], output.Scores);
        Assert.Equal(1.0, output.Extra["reward/lexicon_hits_per_item"]);
    }

    [Fact]
    public void WriteResponse_ThenRead_RoundTripsExactly()
    {
        float[] scores = [0.1f, -3.4028235e38f, 1e-45f, 7.123457f];
        var back = RewardWire.ReadResponse(RewardWire.WriteResponse(RewardOutput.Of(scores)), scores.Length);
        Assert.Equal(scores, back.Scores);
    }

    [Theory]
    [InlineData("""{"version":2,"scores":[1]}""", "unsupported wire version 2")]
    [InlineData("""{"scores":[1]}""", "missing \"version\"")]
    [InlineData("""{"version":1,"scores":[1,2]}""", "expected 1 scores")]
    [InlineData("""{"version":1,"scores":[1e39]}""", "scores[0] is not a finite number")]
    [InlineData("""{"version":1,"scores":["1"]}""", "scores[0] is not a finite number")]
    [InlineData("""{"version":1,"scores":[1],"extra":{"x":"y"}}""", "extra.x is not a finite number")]
    [InlineData("""<html>oops</html>""", "not valid JSON")]
    [InlineData("""{"version":1,"scores":[1]} trailing""", "not valid JSON")]
    [InlineData("""[1]""", "must be a JSON object")]
    public void ReadResponse_BrokenDocument_ThrowsNamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<RewardWireException>(() => RewardWire.ReadResponse(Encoding.UTF8.GetBytes(json), 1));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("""{"version":3,"items":[]}""", "unsupported wire version 3")]
    [InlineData("""{"version":1,"items":[{"prompt":"a"}]}""", "missing \"items[0].response\"")]
    [InlineData("""{"version":1,"items":[{"prompt":"a","response":5}]}""", "\"items[0].response\" must be string")]
    [InlineData("""{"version":1}""", "missing \"items\"")]
    public void ReadRequest_BrokenDocument_ThrowsNamingTheProblem(string json, string expected)
    {
        var e = Assert.Throws<RewardWireException>(() => RewardWire.ReadRequest(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WriteResponse_NaNScore_Throws()
    {
        Assert.Throws<RewardWireException>(() => RewardWire.WriteResponse(RewardOutput.Of([1f, float.NaN])));
    }
}
