namespace RaRlhf.Cli.Prepare;

/// <summary>
/// The roots a recipe's commands refer to. Commands are written with placeholders (<c>$OUT/base</c>, <c>$DATA/imdb/…</c>,
/// <c>$WORK/corpus/…</c>, <c>$STAGE</c> = the stage's own output), so a stage's cache key does not depend on where the
/// checkout or data live; they are replaced by absolute paths to run and by paths relative to the current directory
/// to show and record.
/// </summary>
internal sealed record PreparePaths(string Out, string Data, string Work, string CurrentDirectory)
{
    public const string OutRoot = "$OUT";
    public const string DataRoot = "$DATA";
    public const string WorkRoot = "$WORK";
    public const string Stage = "$STAGE";

    /// <summary>The absolute path of a placeholder path; <c>$STAGE</c> is <paramref name="stageDirectory"/>.</summary>
    public string Resolve(string token, string stageDirectory) => Replace(token, stageDirectory, Out, Data, Work);

    /// <summary>What to print and record: paths relative to the current directory (absolute when far away).</summary>
    public string Display(string token, string stageDirectory) => Show(Resolve(token, stageDirectory));

    /// <summary>The stage's own output as seen from the output root, for cache keys: <c>$OUT/base</c>, <c>$WORK/corpus</c>.</summary>
    public static string Key(string token, string stageKey) => token == Stage ? stageKey : token.StartsWith(Stage + "/", StringComparison.Ordinal) ? stageKey + token[Stage.Length..] : token;

    public string Show(string absolute)
    {
        // Plain arguments (sub-command names, numbers) are not paths: resolving them against the process's working
        // directory would turn `tokenizer` into `../somewhere/tokenizer`.
        if (!Path.IsPathRooted(absolute)) return absolute;
        var relative = Path.GetRelativePath(CurrentDirectory, absolute);
        return relative.StartsWith("../..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? absolute : relative;
    }

    private static string Replace(string token, string stage, string @out, string data, string work)
    {
        foreach (var (name, root) in new[] { (Stage, stage), (OutRoot, @out), (DataRoot, data), (WorkRoot, work) })
        {
            if (token == name) return root;
            if (token.StartsWith(name + "/", StringComparison.Ordinal)) return Path.Combine(root, token[(name.Length + 1)..]);
        }

        return token;
    }
}
