namespace RaRlhf.Rl.Reporting;

/// <summary>
/// metrics/iterations.jsonl of a run directory: one line per (run, iteration) with at least run, iteration,
/// reward_mean, kl, kl_coef, b0 (docs/report.md). Other keys are allowed and ignored here.
/// </summary>
public static class IterationLog
{
    public const string RelativePath = "metrics/iterations.jsonl";

    public static IReadOnlyList<IterationRecord> Read(string path)
    {
        var seen = new Dictionary<(string, int), string>();
        return JsonLines.Read(path, (line, where) =>
        {
            var record = new IterationRecord(
                JsonFields.String(line, "run", where),
                JsonFields.NonNegativeInt(line, "iteration", where),
                JsonFields.NumberOrNull(line, "reward_mean", where),
                JsonFields.NumberOrNull(line, "kl", where),
                JsonFields.NumberOrNull(line, "kl_coef", where),
                JsonFields.NonNegativeInt(line, "b0", where));
            if (!seen.TryAdd((record.Run, record.Iteration), where))
            {
                throw new InvalidDataException($"{where}: run '{record.Run}' iteration {record.Iteration} was already given at {seen[(record.Run, record.Iteration)]}");
            }

            return record;
        });
    }

    /// <summary>The JSON line of one record, for writers that append as training goes.</summary>
    public static string ToJsonLine(IterationRecord record) => JsonLines.Line(w =>
    {
        w.WriteString("run", record.Run);
        w.WriteNumber("iteration", record.Iteration);
        JsonFields.WriteNumberOrNull(w, "reward_mean", record.RewardMean);
        JsonFields.WriteNumberOrNull(w, "kl", record.Kl);
        JsonFields.WriteNumberOrNull(w, "kl_coef", record.KlCoef);
        w.WriteNumber("b0", record.B0);
    });

    public static void Write(string path, IEnumerable<IterationRecord> records) => JsonLines.Write(path, records, ToJsonLine);
}
