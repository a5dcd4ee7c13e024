using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;
using RaRlhf.Models;
using RaRlhf.Models.Heads;

namespace RaRlhf.Actors.Tests.RemoteReward;

public sealed class TextClassifierRewardTests
{
    // A toy tokenizer: one id per character, so the test needs no tokenizer files.
    private static int[] Encode(string text) => text.Select(ch => 1 + ch % 22).ToArray();

    private static SequenceClassifier TinyClassifier()
    {
        var config = new Gpt2Config(NLayer: 1, NHead: 2, NEmbd: 8, NPositions: 16, VocabSize: 23);
        var model = new Gpt2Model(config, Gpt2Heads.Score, numLabels: 2);
        Gpt2Init.InitializeFromScratch(model, seed: 7);
        Gpt2Init.InitializeHeads(model, Gpt2Heads.Score, seed: 8);
        return new SequenceClassifier(model);
    }

    [Fact]
    public async Task ScoreAsync_PaddedBatch_EqualsOneRowAtATime()
    {
        var classifier = TinyClassifier();
        var reward = new TextClassifierReward(classifier, Encode, maxTokens: 10, label: 1, sign: -1f);
        RewardInput[] items = [new("ab", "cde", [], []), new("x", "", [], []), new("long prompt ", "and response", [], [])];

        var batch = (await reward.ScoreAsync(items, default)).Scores;

        var maxDiff = 0f;
        for (var i = 0; i < items.Length; i++)
        {
            var ids = Encode(items[i].PromptText + items[i].ResponseText);
            ids = ids.Length > 10 ? ids[^10..] : ids;
            var single = -classifier.ForwardScores(ids, Enumerable.Repeat(1f, ids.Length).ToArray(), 1, ids.Length, label: 1)[0];
            maxDiff = Math.Max(maxDiff, Math.Abs(single - batch[i]));
        }

        Console.WriteLine($"padded batch vs single rows: max |diff| = {maxDiff:E2} (tolerance 1e-5)");
        Assert.True(maxDiff < 1e-5f, $"max diff {maxDiff}");
        Assert.True(batch.Distinct().Count() == 3, "distinct texts should score differently");
    }

    [Fact]
    public async Task ScoreAsync_ThroughServer_EqualsLocal()
    {
        var reward = new TextClassifierReward(TinyClassifier(), Encode, maxTokens: 12);
        RewardInput[] items = [new("ab", "cde", [], []), new("q", "rst uv", [], [])];
        var local = (await reward.ScoreAsync(items, default)).Scores;
        await using var server = RewardServer.Start(reward);
        using var remote = new HttpRewardModel(new HttpRewardOptions(server.BaseUrl));

        var scores = (await remote.ScoreAsync(items, default)).Scores;

        Assert.Equal(local, scores);
    }

    [Fact]
    public async Task FromCheckpoint_SavedDirectory_ScoresLikeTheInMemoryModel()
    {
        var classifier = TinyClassifier();
        var dir = Directory.CreateTempSubdirectory("rarlhf-textclf-").FullName;
        try
        {
            Gpt2Checkpoint.Save(classifier.Model, dir);
            var loaded = TextClassifierReward.FromCheckpoint(dir, Encode, label: 1);
            var inMemory = new TextClassifierReward(classifier, Encode, maxTokens: 16, label: 1);
            RewardInput[] items = [new("ab", "cde", [], []), new("q", "rst uv", [], [])];

            Assert.Equal((await inMemory.ScoreAsync(items, default)).Scores, (await loaded.ScoreAsync(items, default)).Scores);
            Assert.Throws<ArgumentException>(() => TextClassifierReward.FromCheckpoint(dir, Encode, label: 2));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void FromCheckpoint_NoScoreHead_RefusesInsteadOfRandomWeights()
    {
        var config = new Gpt2Config(NLayer: 1, NHead: 2, NEmbd: 8, NPositions: 16, VocabSize: 23);
        var lm = new Gpt2Model(config);
        Gpt2Init.InitializeFromScratch(lm, seed: 7);
        var dir = Directory.CreateTempSubdirectory("rarlhf-textclf-").FullName;
        try
        {
            Gpt2Checkpoint.Save(lm, dir);
            var error = Assert.Throws<RaRlhf.Tensors.Safetensors.SafetensorsFormatException>(
                () => TextClassifierReward.FromCheckpoint(dir, Encode));
            Assert.Contains("no Score head", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
