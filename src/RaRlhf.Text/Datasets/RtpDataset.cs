namespace RaRlhf.Text.Datasets;

/// <summary>
/// The RealToxicityPrompts subset <c>quark_rtp_val.jsonl</c> in the original schema: per line
/// <c>{filename, begin, end, challenging, prompt: {text, toxicity, profanity, ...}, continuation: {text, toxicity, ...}}</c>.
/// Text fields must be strings; toxicity must be present and a number in [0, 1] or null.
/// </summary>
public static class RtpDataset
{
    public const string File = "rtp/quark_rtp_val.jsonl";

    /// <summary>Share held out for validation, stratified by toxic / non-toxic / unscored prompt.</summary>
    public const double ValidationFraction = 0.2;

    public static IReadOnlyList<RtpPrompt> Load(string path, IProgress<double>? progress = null)
    {
        using var jsonl = JsonlReader.Open(path);
        var prompts = new List<RtpPrompt>(5_000);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (jsonl.Read())
        {
            var id = $"{jsonl.GetString("filename")}:{jsonl.GetInt64("begin")}-{jsonl.GetInt64("end")}";
            if (!seen.Add(id))
            {
                throw jsonl.Error($"duplicate prompt id '{id}'", "Each (filename, begin, end) span must appear once");
            }

            prompts.Add(new RtpPrompt(
                id,
                jsonl.GetString("prompt.text"),
                ReadToxicity(jsonl, "prompt.toxicity"),
                jsonl.GetString("continuation.text"),
                ReadToxicity(jsonl, "continuation.toxicity"),
                jsonl.GetBoolean("challenging")));
            if (progress is not null && (prompts.Count & 1023) == 0)
            {
                progress.Report(jsonl.Fraction);
            }
        }

        progress?.Report(1);
        return prompts;
    }

    /// <summary>The fixed validation split (keyed by prompt text).</summary>
    public static TrainValidationSplit<RtpPrompt> Split(IReadOnlyList<RtpPrompt> prompts) =>
        DatasetSplit.Split(prompts, p => p.Text, p => p.Label, ValidationFraction);

    private static double? ReadToxicity(JsonlReader jsonl, string path)
    {
        var value = jsonl.GetNullableDouble(path);
        return value is null or (>= 0 and <= 1)
            ? value
            : throw jsonl.Error($"field '{path}' is {value}, outside [0, 1]", "Perspective scores are probabilities; fix the value or use null");
    }
}
