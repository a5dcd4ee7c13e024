using System.Globalization;
using System.Text.Json;
using RaRlhf.Actors.Configuration.Settings;

namespace RaRlhf.Actors.Pipeline.Rewards;

public static partial class RewardRegistry
{
    /// <summary>
    /// <c>type = lexicon</c>: <c>path</c> to a word-weight file, either TSV (<c>word&lt;TAB&gt;weight</c> per line,
    /// <c>#</c> comments) or, when it ends in <c>.json</c>, an object <c>{"word": weight}</c> (as <c>serve-reward --lexicon</c>).
    /// </summary>
    private static IRewardModel? Lexicon(SettingsReader r, RewardContext context)
    {
        var path = ResolvePath(r, "path", context);
        if (r.Errors.Count > 0)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            return Reject(r, "path", path, "no such file; write a word list (word<TAB>weight per line) or fix the path");
        }

        try
        {
            var weights = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? LexiconJson(path) : LexiconTsv(path);
            return weights.Count == 0
                ? Reject(r, "path", path, "the lexicon has no words; add lines word<TAB>weight")
                : new LexiconReward(weights);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or JsonException)
        {
            return Fail(r, "path", path, e, "fix the file (word<TAB>weight per line, or a JSON object of word → number)");
        }
    }

    private static Dictionary<string, float> LexiconTsv(string path)
    {
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim() is "" or ['#', ..])
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 2 || fields[0].Trim().Length == 0
                || !float.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var w) || !float.IsFinite(w))
            {
                throw new FormatException($"line {lineNumber}: expected word<TAB>weight (a finite number), got \"{line}\"");
            }

            weights[fields[0].Trim()] = w;
        }

        return weights;
    }

    private static Dictionary<string, float> LexiconJson(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("expected a JSON object of word → weight, e.g. {\"good\": 1.0, \"bad\": -1.0}");
        }

        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !float.IsFinite(p.Value.GetSingle()))
            {
                throw new FormatException($"the weight of \"{p.Name}\" must be a finite number, got {p.Value.GetRawText()}");
            }

            weights[p.Name] = p.Value.GetSingle();
        }

        return weights;
    }
}
