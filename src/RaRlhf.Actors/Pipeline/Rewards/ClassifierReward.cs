using RaRlhf.Models;
using RaRlhf.Models.Heads;

namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// A GPT-2 sequence classifier (score head) as reward: the logit of <paramref name="label"/> (IMDB: positive) times
/// <paramref name="sign"/> (−1 with the toxic label for toxicity tasks), on prompt + response ids, right padded.
/// </summary>
public sealed class ClassifierReward(Gpt2Model classifier, int label = 1, float sign = 1f, int padTokenId = 0) : IRewardModel
{
    private readonly SequenceClassifier _classifier = new(classifier);

    public string Name => $"classifier(label {label})";

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        if (items.Count == 0)
        {
            return Task.FromResult(RewardOutput.Of([]));
        }

        int b = items.Count, t = items.Max(i => i.PromptIds.Length + i.ResponseIds.Length);
        var ids = new int[b * t];
        var mask = new float[b * t];
        ids.AsSpan().Fill(padTokenId);
        for (var i = 0; i < b; i++)
        {
            var row = items[i].PromptIds.Concat(items[i].ResponseIds).ToArray();
            row.CopyTo(ids, i * t);
            mask.AsSpan(i * t, row.Length).Fill(1f);
        }

        var scores = _classifier.ForwardScores(ids, mask, b, t, label);
        for (var i = 0; i < b; i++)
        {
            scores[i] *= sign;
        }

        return Task.FromResult(RewardOutput.Of(scores));
    }
}
