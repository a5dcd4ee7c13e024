using System.Collections.Concurrent;
using RaRlhf.Models;
using RaRlhf.Models.Heads;

namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// A GPT-2 sequence classifier (score head) as reward: the logit of <paramref name="label"/> (IMDB: positive) times
/// <paramref name="sign"/> (−1 with the toxic label for toxicity tasks), on prompt + response ids, right padded.
/// Safe for concurrent calls (several RewardScorer actors sharing it): a forward caches activations in its model, so
/// each call takes a classifier of its own from a pool, which grows to the number of concurrent callers by cloning
/// the weights (one copy of the model per concurrent caller; calls never wait for each other).
/// </summary>
public sealed class ClassifierReward(Gpt2Model classifier, int label = 1, float sign = 1f, int padTokenId = 0) : IRewardModel
{
    private readonly ConcurrentBag<SequenceClassifier> _idle = [new SequenceClassifier(classifier)];

    private int _instances = 1;

    /// <summary>Classifiers in the pool: the most calls that ever overlapped (at least 1).</summary>
    public int Instances => Volatile.Read(ref _instances);

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

        if (!_idle.TryTake(out var own))
        {
            own = new SequenceClassifier(classifier.Clone()); // weights are read-only here, so cloning under load is safe
            Interlocked.Increment(ref _instances);
        }

        float[] scores;
        try
        {
            scores = own.ForwardScores(ids, mask, b, t, label);
        }
        finally
        {
            _idle.Add(own);
        }

        for (var i = 0; i < b; i++)
        {
            scores[i] *= sign;
        }

        return Task.FromResult(RewardOutput.Of(scores));
    }
}
