using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Models;
using RaRlhf.Models.Heads;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class RewardModelTests
{
    [Fact]
    public async Task LexiconReward_WordsInResponse_SumOfWeightsAndHitFraction()
    {
        var reward = new LexiconReward(new Dictionary<string, float> { ["great"] = 2f, ["Awful"] = -3f });
        var output = await reward.ScoreAsync(
        [
            new RewardInput("p", "Great, just GREAT... awful!", [1], [1]),
            new RewardInput("p", "nothing here", [1], [1]),
        ], CancellationToken.None);

        Assert.Equal([2f + 2f - 3f, 0f], output.Scores);
        Assert.Equal(0.5, output.Extra["reward/lexicon_hit_fraction"]);
    }

    [Fact]
    public async Task ClassifierReward_PaddedBatch_EqualsEachRowScoredAlone()
    {
        var config = new Gpt2Config(NLayer: 2, NHead: 2, NEmbd: 32, NPositions: 32, VocabSize: 64);
        var model = new Gpt2Model(config, Gpt2Heads.Score, numLabels: 2);
        Gpt2Init.InitializeFromScratch(model, 4);
        RewardInput[] items = [new("a", "b", [1, 2, 3], [4, 5]), new("c", "d", [6], [7])];
        var batched = await new ClassifierReward(model, label: 1, sign: -1f).ScoreAsync(items, CancellationToken.None);

        var alone = new SequenceClassifier(model);
        for (var i = 0; i < items.Length; i++)
        {
            var ids = items[i].PromptIds.Concat(items[i].ResponseIds).ToArray();
            var expected = -alone.ForwardScores(ids, Enumerable.Repeat(1f, ids.Length).ToArray(), 1, ids.Length, label: 1)[0];
            Assert.Equal(expected, batched.Scores[i], 1e-5f);
        }
    }
}
