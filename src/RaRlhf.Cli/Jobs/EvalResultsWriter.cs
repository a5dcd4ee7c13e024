using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RaRlhf.Actors.Pipeline.Evaluation;
using RaRlhf.Rl.Reporting;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// Writes one method's results into a run directory, each file atomically: eval/&lt;method&gt;.jsonl (the
/// EvaluationLog schema — prompt_id, prompt_score, completion_reward — plus prompt, completion, completion_ids and
/// prompt_prefix, which the report ignores) and the method's row merged into metrics.json under a lock file, so two
/// evaluations finishing together cannot drop each other's row.
/// </summary>
internal static class EvalResultsWriter
{
    private static readonly JsonWriterOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string WriteEpisodes(string runDirectory, string method, IReadOnlyList<EvaluationEpisode> episodes, string? prefix)
    {
        var path = EvaluationLog.PathFor(runDirectory, method);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        foreach (var e in episodes)
        {
            text.Append(Line(e, prefix)).Append('\n');
        }

        AtomicFile.WriteAllText(path, text.ToString());
        return path;
    }

    public static string Line(EvaluationEpisode e, string? prefix)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, LineOptions))
        {
            w.WriteStartObject();
            w.WriteString("prompt_id", e.PromptId);
            w.WriteNumber("prompt_score", e.PromptScore);
            w.WriteNumber("completion_reward", e.CompletionReward);
            w.WriteString("prompt", e.PromptText);
            w.WriteString("completion", e.CompletionText);
            w.WriteStartArray("completion_ids");
            foreach (var id in e.CompletionIds)
            {
                w.WriteNumberValue(id);
            }

            w.WriteEndArray();
            if (!string.IsNullOrEmpty(prefix))
            {
                w.WriteString("prompt_prefix", prefix);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// Adds or replaces <paramref name="method"/> in metrics.json (other methods keep their order). Refuses a synthetic
    /// demo file and a tail definition that differs from the other methods' (they would not be comparable).
    /// </summary>
    public static string MergeMetrics(string runDirectory, string method, MethodMetrics metrics, string tailDefinition, string title)
    {
        var path = Path.Combine(runDirectory, MetricsJsonWriter.FileName);
        using var guard = AcquireLock(Path.Combine(runDirectory, EvaluationLog.Folder, ".metrics.json.lock"));
        var existing = File.Exists(path) ? MetricsJsonReader.Read(path) : null;
        if (existing is { Synthetic: true })
        {
            throw new EvalInputException($"{path} holds a SYNTHETIC demo run (\"synthetic\": true); evaluate into another --run directory");
        }

        var methods = existing?.Methods.ToList() ?? [];
        var others = methods.Where(m => m.Name != method).Select(m => m.Name).ToArray();
        if (others.Length > 0 && existing!.TailDefinition != tailDefinition)
        {
            throw new EvalInputException(
                $"{path}: its methods ({string.Join(", ", others)}) have the tail \"{existing.TailDefinition}\" but {method} has \"{tailDefinition}\"; " +
                "evaluate every method of a run on the same prompts (--prompts/--count), reward model and eval.tail settings, or use another --run directory");
        }

        var row = new NamedValue<MethodMetrics>(method, metrics);
        var index = methods.FindIndex(m => m.Name == method);
        if (index >= 0)
        {
            methods[index] = row;
        }
        else
        {
            methods.Add(row);
        }

        MetricsJsonWriter.Write(path, new MetricsJsonDocument(methods, tailDefinition, existing?.Title ?? title));
        return path;
    }

    private static FileStream AcquireLock(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }
}
