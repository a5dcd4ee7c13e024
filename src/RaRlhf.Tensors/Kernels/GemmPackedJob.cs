using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Tensors.Kernels;

/// <summary>A product with a <see cref="PackedMatrix"/> split across threads by 32-column strips (bit-identical).</summary>
internal sealed unsafe class GemmPackedJob : IParallelWork
{
    [ThreadStatic] private static GemmPackedJob? current;

    private float* a, packed, c;
    private int m, n, k, kc, paddedN, lda, ldc, parts;
    private float alpha, beta;

    public static void Run(int m, float alpha, float* a, int lda, PackedMatrix b, float* packed, float beta, float* c, int ldc, int threads)
    {
        var strips = b.PaddedN / PackedMatrix.StripWidth;
        var flops = 2L * m * b.N * b.K;
        var parts = (int)Math.Min(Math.Min(threads, strips), Math.Max(1, flops / GemmParallel.MinSmallMParallelFlops));
        if (parts <= 1)
        {
            GemmSmallM.RunPacked(m, alpha, a, lda, packed, b.N, b.K, b.Kc, b.PaddedN, beta, c, ldc, 0, strips);
            return;
        }

        var job = current ??= new GemmPackedJob();
        job.a = a;
        job.packed = packed;
        job.c = c;
        (job.m, job.n, job.k, job.kc, job.paddedN, job.lda, job.ldc, job.parts) = (m, b.N, b.K, b.Kc, b.PaddedN, lda, ldc, parts);
        (job.alpha, job.beta) = (alpha, beta);
        WorkerPool.Shared.Run(job, parts, parts);
    }

    public void Execute(int part)
    {
        var strips = paddedN / PackedMatrix.StripWidth;
        GemmSmallM.RunPacked(m, alpha, a, lda, packed, n, k, kc, paddedN, beta, c, ldc,
            (int)((long)strips * part / parts), (int)((long)strips * (part + 1) / parts));
    }
}
