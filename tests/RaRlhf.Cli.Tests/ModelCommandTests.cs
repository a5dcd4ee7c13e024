using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests;

public sealed class ModelCommandTests
{
    [Fact]
    public void ModelLogits_TinyGpt2_EqualsInProcessForwardWithin1e5()
    {
        var modelDir = TestData.Require("tiny-random-gpt2");
        int[] ids = [1, 2, 3];
        var (code, stdout, stderr) = CliRunner.Run("model", "logits", "--model", modelDir, "--ids", "1,2,3");
        Assert.True(code == 0, $"model logits failed ({code}): {stderr}");

        var model = Gpt2Checkpoint.Load(modelDir);
        model.Forward(ids, [], 1, ids.Length);
        var expected = model.Logits.ToArray(); // (T, V)
        var v = model.Config.VocabSize;

        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.GetProperty("logits").EnumerateArray().ToArray();
        Assert.Equal(ids.Length, rows.Length);
        var maxDiff = 0.0;
        for (var t = 0; t < rows.Length; t++)
        {
            var row = rows[t].EnumerateArray().Select(e => e.GetDouble()).ToArray();
            Assert.Equal(v, row.Length);
            for (var j = 0; j < v; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(row[j] - expected[t * v + j]));
            }
        }

        Console.WriteLine($"model logits: max |cli − in-process| = {maxDiff:E2} over {ids.Length}×{v}");
        Assert.True(maxDiff <= 1e-5, $"max difference {maxDiff:E2} > 1e-5");
    }

    [Fact]
    public void ModelLogits_MissingModelDirectory_ExitsNonZeroNamingIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "rarlhf-no-model-" + Guid.NewGuid().ToString("N"));
        var (code, stdout, stderr) = CliRunner.Run("model", "logits", "--model", missing, "--ids", "1,2,3");
        Assert.NotEqual(0, code);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal); // a message, not a stack trace
        Assert.Equal(string.Empty, stdout.Trim());
    }
}
