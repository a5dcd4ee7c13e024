using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Tests.Kernels;

/// <summary>
/// Each micro-kernel (the AVX-512 one the machine uses and the AVX2 fallback it does not) fed by the packers at
/// its own tile size, against the reference on one full tile, for every transpose combination.
/// </summary>
public sealed unsafe class GemmMicroKernelTests
{
    public static TheoryData<int, bool, bool> Cases()
    {
        var data = new TheoryData<int, bool, bool>();
        foreach (var width in new[] { 512, 256 })
        foreach (var transA in new[] { false, true })
        foreach (var transB in new[] { false, true })
            data.Add(width, transA, transB);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Run_PackedTile_MatchesReference(int width, bool transA, bool transB)
    {
        var (mr, nr) = width == 512 ? (GemmMicroKernel512.Mr, GemmMicroKernel512.Nr) : (GemmMicroKernel256.Mr, GemmMicroKernel256.Nr);
        const int k = 37; // 4 full 8-deep transpose blocks and a scalar tail of 5
        const float alpha = 1.25f, beta = -0.5f;
        int lda = transA ? mr : k, ldb = transB ? k : nr;
        var a = GemmTestMatrices.Random(mr * k, 21);
        var b = GemmTestMatrices.Random(k * nr, 22);
        var c = GemmTestMatrices.Random(mr * nr, 23);
        var expected = (float[])c.Clone();
        GemmReference.Sgemm(transA, transB, mr, nr, k, alpha, a, lda, b, ldb, beta, expected, nr);

        // Slack past the panels: the transposing packers may write junk lanes just past the end.
        var packedA = new float[mr * k + 16];
        var packedB = new float[k * nr + 16];
        fixed (float* pa = a, pb = b, pc = c, qa = packedA, qb = packedB)
        {
            var g = new GemmProblem(transA, transB, mr, nr, k, alpha, pa, lda, pb, ldb, beta, pc, nr);
            GemmPacking.PackA(g, 0, mr, 0, k, qa, mr);
            GemmPacking.PackB(g, 0, k, 0, nr, qb, nr);
            if (width == 512) GemmMicroKernel512.Run(k, qa, qb, pc, nr, alpha, beta);
            else GemmMicroKernel256.Run(k, qa, qb, pc, nr, alpha, beta);
        }

        Assert.True(GemmTestMatrices.MaxAbsDiff(expected, c, mr, nr, nr) <= GemmTestMatrices.Tolerance(k, alpha, beta));
    }
}
