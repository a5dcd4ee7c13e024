namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>run { }</c>: where the run lives, its seed, the data directory and the iteration count.</summary>
public sealed record RunSection(string Dir, long Seed, string DataDir, string Task, int Iterations)
{
    public static RunSection Read(SettingsReader r) => new(
        r.String("dir", d => d.Length > 0, "must not be empty"),
        r.Long("seed", _ => true, ""),
        r.String("data_dir", d => d.Length > 0, "must not be empty; set RARLHF_DATA or run.data_dir"),
        r.String("task"),
        r.Int("iterations", i => i >= 0, "must be ≥ 0 (0 = one pass over the prompts)"));
}
