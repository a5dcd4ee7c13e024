using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Testing;
using RaRlhf.Text;

namespace RaRlhf.Cli.Tests;

public sealed class GenerateCommandTests
{
    private const string Prompt = "hello"; // every letter is in tiny-random-gpt2's 1,000-token vocab

    [Fact]
    public void Generate_PromptWithSeed_ReturnsConsistentIdsLogprobsAndText()
    {
        var modelDir = TestData.Require("tiny-random-gpt2");
        var tokenizer = ByteLevelBpeTokenizer.Load(modelDir);
        var promptIds = tokenizer.Encode(Prompt);
        Assert.NotEmpty(promptIds);

        var first = Run(modelDir);
        using var json = JsonDocument.Parse(first);
        var root = json.RootElement;
        var ids = root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var response = root.GetProperty("response").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var logprobs = root.GetProperty("logprobs").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(5, response.Length);
        Assert.Equal(5, logprobs.Length);
        Assert.Equal(promptIds.Concat(response), ids);
        Assert.All(logprobs, lp => Assert.True(lp <= 0, $"log-prob {lp} > 0"));
        Assert.Equal(tokenizer.Decode(response), root.GetProperty("text").GetString());

        // Behaviour log-probs (temperature 1, no filtering) are log-softmax of the model's logits at each step.
        var model = Gpt2Checkpoint.Load(modelDir);
        var v = model.Config.VocabSize;
        Assert.All(response, id => Assert.InRange(id, 0, v - 1));
        model.Forward(ids, [], 1, ids.Length);
        var logits = model.Logits.Span;
        var maxDiff = 0.0;
        for (var i = 0; i < response.Length; i++)
        {
            var row = logits.Slice((promptIds.Length - 1 + i) * v, v);
            double max = double.NegativeInfinity, sum = 0;
            foreach (var x in row) max = Math.Max(max, x);
            foreach (var x in row) sum += Math.Exp(x - max);
            var expected = row[response[i]] - max - Math.Log(sum);
            maxDiff = Math.Max(maxDiff, Math.Abs(expected - logprobs[i]));
        }

        Console.WriteLine($"generate: max |logprob − log_softmax(forward)| = {maxDiff:E2}");
        Assert.True(maxDiff <= 1e-4, $"max log-prob difference {maxDiff:E2} > 1e-4");

        Assert.Equal(first, Run(modelDir)); // same seed → identical output
    }

    [Fact]
    public void Generate_IdsAndPromptTogether_ExitsNonZeroWithMessage()
    {
        var modelDir = TestData.Require("tiny-random-gpt2");
        var (code, stdout, stderr) = CliRunner.Run("generate", "--model", modelDir, "--prompt", Prompt, "--ids", "1,2", "--max-new-tokens", "2");
        Assert.NotEqual(0, code);
        Assert.Contains("exactly one of --prompt", stdout + stderr, StringComparison.Ordinal);
    }

    private static string Run(string modelDir)
    {
        var (code, stdout, stderr) = CliRunner.Run("generate", "--model", modelDir, "--prompt", Prompt, "--max-new-tokens", "5", "--seed", "1");
        Assert.True(code == 0, $"generate failed ({code}): {stderr}");
        return stdout;
    }
}
