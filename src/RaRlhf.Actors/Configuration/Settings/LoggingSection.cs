namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>logging { }</c>: the minimum level, console, rolling CLEF file and Seq.</summary>
public sealed record LoggingSection(
    string Level,
    bool ConsoleEnabled,
    string ConsoleLevel,
    bool FileEnabled,
    string FilePath,
    long RollSize,
    int RetainedFiles,
    SeqSection Seq)
{
    /// <summary>Serilog level names as written in config.</summary>
    internal static readonly string[] Levels = ["verbose", "debug", "information", "warning", "error", "fatal"];

    public static LoggingSection Read(SettingsReader r) => new(
        r.Choice("level", Levels),
        r.Bool("console.enabled"),
        r.Choice("console.level", Levels),
        r.Bool("file.enabled"),
        r.String("file.path", p => p.Length > 0, "must not be empty"),
        r.Bytes("file.roll_size", v => v >= 1024, "must be ≥ 1KiB"),
        r.Int("file.retained_files", v => v >= 1, "must be ≥ 1"),
        SeqSection.Read(r.Section("seq")));
}
