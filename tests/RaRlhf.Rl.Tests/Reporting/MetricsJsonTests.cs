using System.Text.Json;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Rl.Tests.Reporting;

public sealed class MetricsJsonTests
{
    private static readonly string[] MetricKeys = ["reward", "tail_reward", "perplexity", "dist1", "dist2", "dist3"];

    private static MetricsJsonDocument Sample() => new(
        [
            new("RLHF", new MethodMetrics(1.25, -0.5, 31.75, 0.61, 0.875, 0.9375)),
            new("RA-RLHF", new MethodMetrics(1.5, 0.125, 33.5, 0.6, 0.86, 0.93)),
        ],
        "lowest 10% of prompts by prompt score");

    [Fact]
    public void Write_TwoMethods_ParsesBackFieldByFieldInTheIssueShape()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "metrics.json");
        var doc = Sample();
        MetricsJsonWriter.Write(path, doc);

        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        Assert.Equal(["methods", "tail", "title", "synthetic"], root.EnumerateObject().Select(p => p.Name));
        var methods = root.GetProperty("methods").EnumerateObject().ToArray();
        Assert.Equal(["RLHF", "RA-RLHF"], methods.Select(m => m.Name));
        for (var i = 0; i < methods.Length; i++)
        {
            Assert.Equal(MetricKeys, methods[i].Value.EnumerateObject().Select(p => p.Name));
            var expected = doc.Methods[i].Value;
            Assert.Equal(expected.Reward, methods[i].Value.GetProperty("reward").GetDouble());
            Assert.Equal(expected.TailReward, methods[i].Value.GetProperty("tail_reward").GetDouble());
            Assert.Equal(expected.Perplexity, methods[i].Value.GetProperty("perplexity").GetDouble());
            Assert.Equal(expected.Dist1, methods[i].Value.GetProperty("dist1").GetDouble());
            Assert.Equal(expected.Dist2, methods[i].Value.GetProperty("dist2").GetDouble());
            Assert.Equal(expected.Dist3, methods[i].Value.GetProperty("dist3").GetDouble());
        }

        Assert.Equal(["definition"], root.GetProperty("tail").EnumerateObject().Select(p => p.Name));
        Assert.Equal(doc.TailDefinition, root.GetProperty("tail").GetProperty("definition").GetString());
        Assert.Equal(["metrics.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName)); // no temp file left
    }

    [Fact]
    public void Write_ThenRead_RoundTripsEveryValue()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "metrics.json");
        var doc = Sample() with { Title = "t <b>", Synthetic = true };
        MetricsJsonWriter.Write(path, doc);
        var back = MetricsJsonReader.Read(path);
        Assert.Equal(doc.Methods, back.Methods);
        Assert.Equal(doc.TailDefinition, back.TailDefinition);
        Assert.Equal(doc.Title, back.Title);
        Assert.True(back.Synthetic);
    }

    [Fact]
    public void Write_NaNAndInfinity_WritesNullAndReadsBackNaN()
    {
        var doc = new MetricsJsonDocument([new("m", new MethodMetrics(double.NaN, 1, double.PositiveInfinity, 0.5, 0.5, 0.5))], "tail");
        var text = MetricsJsonWriter.ToJson(doc);
        using var json = JsonDocument.Parse(text);
        var m = json.RootElement.GetProperty("methods").GetProperty("m");
        Assert.Equal(JsonValueKind.Null, m.GetProperty("reward").ValueKind);
        Assert.Equal(JsonValueKind.Null, m.GetProperty("perplexity").ValueKind);
        var back = MetricsJsonReader.Parse(text, "x.json").Methods[0].Value;
        Assert.True(double.IsNaN(back.Reward));
        Assert.True(double.IsNaN(back.Perplexity));
        Assert.Equal(1, back.TailReward);
    }

    [Fact]
    public void Write_DuplicateMethodName_Throws()
    {
        var doc = new MetricsJsonDocument([new("m", new MethodMetrics(1, 1, 1, 1, 1, 1)), new("m", new MethodMetrics(2, 2, 2, 2, 2, 2))], "tail");
        Assert.Contains("'m' appears twice", Assert.Throws<ArgumentException>(() => MetricsJsonWriter.ToJson(doc)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"methods": {"A": {"reward": 1, "tail_reward": 1, "perplexity": 1, "dist1": 1, "dist2": 1}}, "tail": {"definition": "d"}}""", "methods.A", "'dist3'")]
    [InlineData("""{"methods": {"A": {"reward": "high", "tail_reward": 1, "perplexity": 1, "dist1": 1, "dist2": 1, "dist3": 1}}, "tail": {"definition": "d"}}""", "methods.A", "'reward'")]
    [InlineData("""{"methods": {}}""", "run/metrics.json", "'tail'")]
    [InlineData("""{"tail": {"definition": "d"}}""", "run/metrics.json", "'methods'")]
    [InlineData("""{"methods": {}, "tail": {}}""", "tail", "'definition'")]
    public void Parse_MissingOrMistypedKey_NamesFileAndKey(string json, string where, string key)
    {
        var e = Assert.Throws<InvalidDataException>(() => MetricsJsonReader.Parse(json, "run/metrics.json"));
        Assert.Contains("run/metrics.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(where, e.Message, StringComparison.Ordinal);
        Assert.Contains(key, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_InvalidJson_NamesFileAndLine()
    {
        var e = Assert.Throws<InvalidDataException>(() => MetricsJsonReader.Parse("{\n\"methods\": {,}\n}", "run/metrics.json"));
        Assert.Contains("run/metrics.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_SaysWhichFile()
    {
        var e = Assert.Throws<FileNotFoundException>(() => MetricsJsonReader.Read("/nonexistent/run/metrics.json"));
        Assert.Contains("/nonexistent/run/metrics.json", e.Message, StringComparison.Ordinal);
    }
}
