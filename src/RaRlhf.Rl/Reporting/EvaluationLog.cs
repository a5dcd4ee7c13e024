namespace RaRlhf.Rl.Reporting;

/// <summary>
/// eval/&lt;method&gt;.jsonl of a run directory: one line per prompt, {prompt_id, prompt_score, completion_reward}
/// (docs/report.md). prompt_id is a string or an integer and unique within the file.
/// </summary>
public static class EvaluationLog
{
    public const string Folder = "eval";

    /// <summary>
    /// The file of one method: eval/&lt;name&gt;.jsonl with the name verbatim except that '%', '/', '\', control
    /// characters and a leading '.' are written as %XX (uppercase hex of their UTF-8 bytes), so any method name
    /// maps to exactly one file inside eval/ (e.g. "RA-RLHF" → RA-RLHF.jsonl, "a/b" → a%2Fb.jsonl).
    /// </summary>
    public static string PathFor(string runDirectory, string method) => Path.Combine(runDirectory, Folder, FileNameFor(method));

    public static string FileNameFor(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.Length == 0)
        {
            throw new ArgumentException("an empty method name cannot name its eval/<method>.jsonl file; give every method a name");
        }

        var name = new System.Text.StringBuilder();
        for (var i = 0; i < method.Length; i++)
        {
            var c = method[i];
            if (c is '%' or '/' or '\\' || char.IsControl(c) || (i == 0 && c == '.'))
            {
                foreach (var b in System.Text.Encoding.UTF8.GetBytes(c.ToString()))
                {
                    name.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else
            {
                name.Append(c);
            }
        }

        return name.Append(".jsonl").ToString();
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
