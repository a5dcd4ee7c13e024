using System.Text.RegularExpressions;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Plugins;

namespace RaRlhf.Samples.LexiconReward;

/// <summary>
/// A third-party reward: +1 for every <c>positive</c> word in the response, −<c>negative_weight</c> for every
/// <c>negative</c> one (words = runs of letters and digits, matched case-insensitively). Also reports how many
/// negative words a response has on average, as the metric <c>sample/negative_words_per_response</c>.
/// </summary>
public sealed partial class WordListReward : IRewardModel
{
    private readonly HashSet<string> _positive;
    private readonly HashSet<string> _negative;
    private readonly float _negativeWeight;

    public WordListReward(RewardPluginContext context)
    {
        _positive = context.GetStringList("positive", []).Select(w => w.ToLowerInvariant()).ToHashSet();
        _negative = context.GetStringList("negative", []).Select(w => w.ToLowerInvariant()).ToHashSet();
        _negativeWeight = (float)context.GetDouble("negative_weight", 1.0);
        if (_positive.Count + _negative.Count == 0)
        {
            throw context.Invalid("positive", "list at least one word in positive = [...] or negative = [...]");
        }

        context.Logger.Information("Word-list reward: {Positive} positive, {Negative} negative words", _positive.Count, _negative.Count);
    }

    public string Name => $"word-list(+{_positive.Count}/-{_negative.Count})";

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        var scores = new float[items.Count];
        var negativeWords = 0;
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var word in NotAWord().Split(items[i].ResponseText.ToLowerInvariant()))
            {
                if (_positive.Contains(word))
                {
                    scores[i] += 1f;
                }
                else if (_negative.Contains(word))
                {
                    scores[i] -= _negativeWeight;
                    negativeWords++;
                }
            }
        }

        var extra = new Dictionary<string, double>
        {
            ["sample/negative_words_per_response"] = items.Count == 0 ? 0 : (double)negativeWords / items.Count,
        };
        return Task.FromResult(new RewardOutput(scores, extra));
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NotAWord();
}
