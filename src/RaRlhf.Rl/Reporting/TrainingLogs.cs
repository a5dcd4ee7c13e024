namespace RaRlhf.Rl.Reporting;

/// <summary>
/// The training curves of a run directory: its own metrics/iterations.jsonl and that of every immediate
/// subdirectory that holds one (the demo trains RLHF in DIR/rlhf and RA-RLHF in DIR/ra-rlhf, each a pipeline run
/// with its own log). The root file comes first, then subdirectories in ordinal order of their names; each record
/// keeps its own run name. One run name in two files is an error naming both, since its curves would interleave.
/// </summary>
public static class TrainingLogs
{
    /// <summary>The iteration logs <see cref="Read"/> loads, root first (empty when there is none).</summary>
    public static IReadOnlyList<string> Find(string runDirectory)
    {
        var files = new List<string>();
        var root = Path.Combine(runDirectory, IterationLog.RelativePath);
        if (File.Exists(root))
        {
            files.Add(root);
        }

        if (Directory.Exists(runDirectory))
        {
            files.AddRange(Directory.GetDirectories(runDirectory)
                .Order(StringComparer.Ordinal)
                .Select(d => Path.Combine(d, IterationLog.RelativePath))
                .Where(File.Exists));
        }

        return files;
    }

    public static IReadOnlyList<IterationRecord> Read(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        var records = new List<IterationRecord>();
        foreach (var file in files)
        {
            foreach (var record in IterationLog.Read(file))
            {
                if (owner.TryAdd(record.Run, file) || owner[record.Run] == file)
                {
                    records.Add(record);
                    continue;
                }

                throw new InvalidDataException($"{file}: run '{record.Run}' is also in {owner[record.Run]}; " +
                                               "each training run must be in one iterations.jsonl");
            }
        }

        return records;
    }
}
