namespace RaRlhf.Text.Corpus;

/// <summary>What a JSON-lines run processed. Times count only the encode/decode calls: wall clock, and CPU time of
/// the (single) working thread, which is the fair figure on a shared machine.</summary>
public sealed record TokenizeStats(long Lines, long TextBytes, long Tokens, double WallSeconds, double CpuSeconds)
{
    /// <summary>UTF-8 megabytes (10^6 bytes) of text per CPU second.</summary>
    public double MegabytesPerCpuSecond => TextBytes / 1e6 / Math.Max(CpuSeconds, 1e-9);

    /// <summary>UTF-8 megabytes (10^6 bytes) of text per wall-clock second.</summary>
    public double MegabytesPerWallSecond => TextBytes / 1e6 / Math.Max(WallSeconds, 1e-9);
}
