using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Cli.Demo;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// hocon/tasks/{jigsaw,rtp}.conf against the committed assets: they name existing asset directories, and the scorer's
/// label / sign are the ones assets/jigsaw/reward/reward.json says the toxicity classifier is read with.
/// </summary>
public sealed class ToxicityTaskConfigTests
{
    [Theory]
    [InlineData("jigsaw", 8, 40)]
    [InlineData("rtp", 32, 64)]
    public void TaskConf_Toxicity_PointsAtJigsawAssetsWithTheRewardJsonLabelAndSign(string task, int promptTokens, int perplexityTokens)
    {
        var settings = RunSettings.Load(ConfigLoader.LoadFile(Path.Combine(TestData.RepoRoot, "hocon", "tasks", task + ".conf")));

        using var rewardJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "assets", "jigsaw", "reward", "reward.json")));
        var scorer = settings.Reward.Scorers["classifier"].Settings;
        Assert.Equal(task, settings.Run.Task);
        Assert.Equal(rewardJson.RootElement.GetProperty("score_label").GetInt32(), scorer.GetInt("label"));
        Assert.Equal(rewardJson.RootElement.GetProperty("sign").GetInt32(), scorer.GetInt("sign"));
        Assert.Equal("assets/jigsaw/reward", scorer.GetString("model"));
        Assert.True(File.Exists(Path.Combine(TestData.RepoRoot, settings.Model.Tokenizer, "tokenizer.json")));
        Assert.True(File.Exists(Path.Combine(TestData.RepoRoot, settings.Model.Policy, "model.safetensors")));
        Assert.Equal(promptTokens, settings.Generation.PromptTokens);
        Assert.Equal(32, settings.Generation.GenLen);
        Assert.Equal(0.2, settings.Risk.Alpha);
        Assert.Equal(0, settings.Eval.PerplexityLabel);
        Assert.Equal(perplexityTokens, settings.Eval.PerplexityMaxTokens);
    }

    [Fact]
    public void DefaultAssets_Rtp_SharesTheJigsawAssets()
    {
        Assert.Equal(RepoLayout.DefaultAssets("jigsaw"), RepoLayout.DefaultAssets("rtp"));
        Assert.EndsWith(Path.Combine("assets", "imdb"), RepoLayout.DefaultAssets("imdb"), StringComparison.Ordinal);
    }
}
