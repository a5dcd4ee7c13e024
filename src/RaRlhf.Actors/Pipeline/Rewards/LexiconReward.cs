using System.Text.RegularExpressions;

namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// Lexicon scorer over response text: the sum of the weights of the words it contains (lower-cased, split on
/// non-letters). A transparent baseline reward; also reports the fraction of responses with any lexicon word.
/// </summary>
public sealed partial class LexiconReward(IReadOnlyDictionary<string, float> weights) : IRewardModel
{
    private readonly Dictionary<string, float> _weights =
        weights.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value, StringComparer.Ordinal);

    public string Name => "lexicon";

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        var scores = new float[items.Count];
        var hits = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var words = NonLetters().Split(items[i].ResponseText.ToLowerInvariant());
            var matched = words.Where(_weights.ContainsKey).ToArray();
            scores[i] = matched.Sum(w => _weights[w]);
            hits += matched.Length > 0 ? 1 : 0;
        }

        var extra = new Dictionary<string, double> { ["reward/lexicon_hit_fraction"] = items.Count == 0 ? 0 : (double)hits / items.Count };
        return Task.FromResult(new RewardOutput(scores, extra));
    }

    [GeneratedRegex(@"[^\p{L}]+")]
    private static partial Regex NonLetters();
}
