namespace RaRlhf.Rl.Reporting;

/// <summary>
/// eval/&lt;method&gt;.jsonl of a run directory: one line per prompt, {prompt_id, prompt_score, completion_reward}
/// (docs/report.md). prompt_id is a string or an integer and unique within the file.
/// </summary>
public static class EvaluationLog
{
    public const string Folder = "eval";

    /// <summary>The file of one method; the name is used verbatim, so it must be a valid file name.</summary>
    public static string PathFor(string runDirectory, string method)
    {
        if (method.Length == 0 || method is "." or ".." || method.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new ArgumentException($"method name '{method}' cannot name a file eval/<method>.jsonl: use no '/', '\\' or NUL");
        }

        return Path.Combine(runDirectory, Folder, method + ".jsonl");
    }

    public static IReadOnlyList<PromptEvaluation> Read(string path)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        return JsonLines.Read(path, (line, where) =>
        {
            var record = new PromptEvaluation(
                JsonFields.Id(line, "prompt_id", where),
                JsonFields.NumberOrNull(line, "prompt_score", where),
                JsonFields.NumberOrNull(line, "completion_reward", where));
            if (!seen.TryAdd(record.PromptId, where))
            {
                throw new InvalidDataException($"{where}: prompt_id '{record.PromptId}' was already given at {seen[record.PromptId]}");
            }

            return record;
        });
    }

    public static string ToJsonLine(PromptEvaluation record) => JsonLines.Line(w =>
    {
        w.WriteString("prompt_id", record.PromptId);
        JsonFields.WriteNumberOrNull(w, "prompt_score", record.PromptScore);
        JsonFields.WriteNumberOrNull(w, "completion_reward", record.CompletionReward);
    });

    public static void Write(string path, IEnumerable<PromptEvaluation> records) => JsonLines.Write(path, records, ToJsonLine);
}
