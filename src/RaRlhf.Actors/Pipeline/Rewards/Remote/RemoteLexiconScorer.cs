using System.Text.Json;

namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>
/// A tiny text reward for <c>serve-reward --lexicon</c>: the response's score is the sum of the weights of its words
/// (maximal runs of letters, digits and apostrophes, matched lower-cased). The prompt is not scored.
/// </summary>
public sealed class RemoteLexiconScorer(IReadOnlyDictionary<string, float> weights, string name = "lexicon") : IRewardModel
{
    public string Name => name;

    /// <summary>Reads <c>{"word": weight, …}</c>; a non-number weight names the file and the word.</summary>
    public static RemoteLexiconScorer Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"lexicon {path}: expected a JSON object of word → weight, e.g. {{\"good\": 1.0, \"bad\": -1.0}}");
        }

        var weights = new Dictionary<string, float>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !float.IsFinite(p.Value.GetSingle()))
            {
                throw new FormatException($"lexicon {path}: weight of \"{p.Name}\" must be a finite number, got {p.Value.GetRawText()}");
            }

            weights[p.Name.ToLowerInvariant()] = p.Value.GetSingle();
        }

        return new RemoteLexiconScorer(weights, $"lexicon({Path.GetFileName(path)})");
    }

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        var scores = new float[items.Count];
        var hits = 0;
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var word in Words(items[i].ResponseText))
            {
                if (weights.TryGetValue(word, out var w))
                {
                    scores[i] += w;
                    hits++;
                }
            }
        }

        var extra = new Dictionary<string, double> { ["reward/lexicon_hits_per_item"] = items.Count == 0 ? 0 : (double)hits / items.Count };
        return Task.FromResult(new RewardOutput(scores, extra));
    }

    private static IEnumerable<string> Words(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '\'');
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i].ToLowerInvariant();
                start = -1;
            }
        }
    }
}
