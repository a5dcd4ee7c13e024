namespace RaRlhf.Cli.Commands.Bench;

/// <summary>Median GFLOP/s of ours and (when loaded) OpenBLAS for one shape, measured interleaved in one run.</summary>
internal sealed record GemmBenchResult(
    GemmBenchShape Shape, int Threads, double OursGflops, double? OpenBlasGflops, double? MaxRelDiff)
{
    public double? Ratio => OpenBlasGflops is { } theirs ? OursGflops / theirs : null;
}
