using System.Diagnostics;
using System.Runtime.InteropServices;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Cli.Commands.Bench;

/// <summary>
/// Times one shape: a verification call of each library (beta = 0) doubles as warm-up, then samples of
/// enough back-to-back calls to last <see cref="MinSampleSeconds"/>, alternating ours and OpenBLAS so both
/// see the same background load; the median sample counts.
/// </summary>
internal static unsafe class GemmBenchRunner
{
    public const double MinSampleSeconds = 0.05;

    public static GemmBenchResult Measure(GemmBenchShape s, int threads, OpenBlas? blas, int repeats, bool cpuClock)
    {
        long strideA = (long)s.M * s.K, strideB = (long)s.K * s.N, strideC = (long)s.M * s.N;
        long lengthA = strideA * s.Batch, lengthB = strideB * s.Batch, lengthC = strideC * s.Batch;
        var a = Allocate(lengthA, 1);
        var b = Allocate(lengthB, 2);
        var ours = Allocate(lengthC, 0);
        var theirs = blas is null ? null : Allocate(lengthC, 0);
        try
        {
            int lda = s.TransA ? s.M : s.K, ldb = s.TransB ? s.K : s.N;
            Action runOurs = s.Batch == 1
                ? () => Gemm.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a, lda, b, ldb, 0f, ours, s.N)
                : () => Gemm.SgemmBatched(s.Batch, s.TransA, s.TransB, s.M, s.N, s.K, 1f,
                    new ReadOnlySpan<float>(a, (int)lengthA), lda, strideA, new ReadOnlySpan<float>(b, (int)lengthB), ldb, strideB,
                    0f, new Span<float>(ours, (int)lengthC), s.N, strideC);
            Action? runTheirs = blas is null ? null : () =>
            {
                for (var i = 0; i < s.Batch; i++)
                {
                    blas.Sgemm(s.TransA, s.TransB, s.M, s.N, s.K, 1f, a + i * strideA, lda, b + i * strideB, ldb, 0f, theirs + i * strideC, s.N);
                }
            };

            var warm = Time(runOurs, 1, cpuClock);
            runTheirs?.Invoke();
            double? maxRelDiff = blas is null ? null : MaxRelDiff(ours, theirs!, lengthC);

            var iterations = Math.Max(1, (int)Math.Ceiling(MinSampleSeconds / Math.Max(warm, 1e-6)));
            var oursSamples = new List<double>();
            var theirSamples = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                oursSamples.Add(Time(runOurs, iterations, cpuClock));
                if (runTheirs is not null) theirSamples.Add(Time(runTheirs, iterations, cpuClock));
            }

            double? theirGflops = runTheirs is null ? null : s.Flops / Median(theirSamples) / 1e9;
            return new GemmBenchResult(s, threads, s.Flops / Median(oursSamples) / 1e9, theirGflops, maxRelDiff);
        }
        finally
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(ours);
            if (theirs is not null) NativeMemory.AlignedFree(theirs);
        }
    }

    /// <summary>Seconds per call (wall clock, or this thread's CPU time), averaged over <paramref name="iterations"/> calls.</summary>
    private static double Time(Action run, int iterations, bool cpuClock)
    {
        if (cpuClock)
        {
            var cpuStart = ThreadCpuClock.NowSeconds();
            for (var i = 0; i < iterations; i++) run();
            return (ThreadCpuClock.NowSeconds() - cpuStart) / iterations;
        }

        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++) run();
        return Stopwatch.GetElapsedTime(start).TotalSeconds / iterations;
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        var mid = samples.Count / 2;
        return samples.Count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2;
    }

    /// <summary>max |ours − theirs| / max |theirs|: a scale-free distance between the two results.</summary>
    private static double MaxRelDiff(float* ours, float* theirs, long length)
    {
        double maxDiff = 0, maxAbs = 0;
        for (long i = 0; i < length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)ours[i] - theirs[i]));
            maxAbs = Math.Max(maxAbs, Math.Abs((double)theirs[i]));
        }

        return double.IsNaN(maxDiff) ? double.PositiveInfinity : maxDiff / Math.Max(maxAbs, 1e-30);
    }

    /// <summary>64-byte aligned floats: uniform in [-1, 1) from a seeded generator, or zeros for seed 0.</summary>
    private static float* Allocate(long length, int seed)
    {
        var p = (float*)NativeMemory.AlignedAlloc((nuint)(length * sizeof(float)), 64);
        var span = new Span<float>(p, checked((int)length));
        if (seed == 0)
        {
            span.Clear();
            return p;
        }

        var random = new Random(seed);
        for (var i = 0; i < span.Length; i++) span[i] = random.NextSingle() * 2f - 1f;
        return p;
    }
}
