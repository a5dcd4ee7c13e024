using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Models;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline.Rewards;

public sealed class ClassifierRewardConcurrencyTests(ITestOutputHelper output)
{
    /// <summary>
    /// Four threads released together score different batches 25 times each on one shared reward; every answer must
    /// equal that batch scored alone (bit for bit). A shared activation buffer would mix rows of other batches in.
    /// </summary>
    [Fact]
    public async Task ScoreAsync_ConcurrentCallers_EachGetsItsOwnBatchesScores()
    {
        var model = new Gpt2Model(new Gpt2Config(NLayer: 2, NHead: 2, NEmbd: 32, NPositions: 32, VocabSize: 64), Gpt2Heads.Score, numLabels: 2);
        Gpt2Init.InitializeFromScratch(model, 4);
        var batches = Enumerable.Range(0, 4).Select(Batch).ToArray();
        var expected = new List<float[]>();
        foreach (var batch in batches) expected.Add((await new ClassifierReward(model.Clone()).ScoreAsync(batch, CancellationToken.None)).Scores);
        var shared = new ClassifierReward(model);
        using var start = new Barrier(batches.Length);

        var wrong = await Task.WhenAll(batches.Select((batch, k) => Task.Run(async () =>
        {
            start.SignalAndWait();
            var mismatches = 0;
            for (var call = 0; call < 25; call++)
            {
                var scores = (await shared.ScoreAsync(batch, CancellationToken.None)).Scores;
                if (!scores.SequenceEqual(expected[k])) mismatches++;
            }

            return mismatches;
        })));

        output.WriteLine($"mismatching answers per thread: {string.Join(", ", wrong)}; classifiers in the pool: {shared.Instances}");
        Assert.All(wrong, w => Assert.Equal(0, w));
        Assert.InRange(shared.Instances, 2, batches.Length);
    }

    /// <summary>Batch k: 6 rows of different lengths (3 + k … 8 + k tokens), ids from a fixed pattern.</summary>
    private static RewardInput[] Batch(int k) => Enumerable.Range(0, 6).Select(row =>
    {
        var ids = Enumerable.Range(0, 3 + k + row).Select(i => (i * 7 + row * 3 + k * 11) % 64).ToArray();
        return new RewardInput("p", "r", ids[..2], ids[2..]);
    }).ToArray();
}
