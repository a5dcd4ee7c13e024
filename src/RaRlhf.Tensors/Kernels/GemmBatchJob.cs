using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Tensors.Kernels;

/// <summary>
/// A batch of small GEMMs (attention: B·heads of 112×64·64×112) split across threads by matrix: each thread
/// runs whole matrices single-threaded, which beats splitting each tiny matrix.
/// </summary>
internal sealed unsafe class GemmBatchJob : IParallelWork
{
    [ThreadStatic] private static GemmBatchJob? current;

    private GemmProblem first;
    private long strideA, strideB, strideC;
    private int batch, parts;

    public static GemmBatchJob For(in GemmProblem first, int batch, long strideA, long strideB, long strideC, int parts)
    {
        var job = current ??= new GemmBatchJob();
        job.first = first;
        job.batch = batch;
        job.strideA = strideA;
        job.strideB = strideB;
        job.strideC = strideC;
        job.parts = parts;
        return job;
    }

    public void Execute(int part)
    {
        var start = (int)((long)part * batch / parts);
        var end = (int)((long)(part + 1) * batch / parts);
        for (var i = start; i < end; i++) GemmParallel.RunSingle(Matrix(i));
    }

    public GemmProblem Matrix(int i) => new(
        first.TransA, first.TransB, first.M, first.N, first.K, first.Alpha,
        first.A + i * strideA, first.Lda, first.B + i * strideB, first.Ldb, first.Beta, first.C + i * strideC, first.Ldc);
}
