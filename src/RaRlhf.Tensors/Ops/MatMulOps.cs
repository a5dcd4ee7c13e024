using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Ops;

/// <summary>
/// y = op(a) · op(b) over the last two dimensions (op = optional transpose), through <see cref="Gemm"/>.
/// a (..., M, K) with b (K, N) folds a's leading dims into rows (one GEMM); a (..., M, K) with b (..., K, N) of the
/// same leading dims is batched; a rank-2 operand against a batched one is broadcast over the batch.
/// </summary>
public static class MatMulOps
{
    public static Tensor MatMul(this Tensor a, Tensor b, bool transA = false, bool transB = false)
    {
        if (a.Rank < 2 || b.Rank < 2)
        {
            throw new ArgumentException($"MatMul needs rank ≥ 2 operands, got {Shapes.Format(a.Shape)} and {Shapes.Format(b.Shape)}.");
        }

        if (b.Rank == 2 && !transA && a.Rank > 2)
        {
            var rows = a.Reshape(-1, a.Shape[^1]).MatMul(b, transA: false, transB);
            return rows.Reshape([.. a.Shape[..^1], rows.Shape[1]]);
        }

        var p = Plan(a, b, transA, transB);
        var y = Tensor.Zeros([.. p.BatchShape, p.M, p.N]); // (..., M, N)
        Gemm.SgemmBatched(p.Batch, transA, transB, p.M, p.N, p.K, 1f, a.Data, p.Lda, p.StrideA, b.Data, p.Ldb, p.StrideB,
            0f, y.Data, p.N, (long)p.M * p.N);
        return Graph.Record(y, [a, b], () => Backward(a, b, y, transA, transB, p));
    }

    /// <summary>x (..., C) + bias (C), broadcast over rows.</summary>
    public static Tensor AddBias(this Tensor x, Tensor bias)
    {
        var c = x.Shape[^1];
        if (bias.Rank != 1 || bias.Size != c)
        {
            throw new ArgumentException($"AddBias: bias {Shapes.Format(bias.Shape)} does not match the last dimension of {Shapes.Format(x.Shape)}.");
        }

        var y = Tensor.Zeros(x.Shape);
        for (var r = 0; r < x.Size / Math.Max(c, 1); r++)
        {
            Elementwise.Add(x.Data.Slice(r * c, c), bias.Data, y.Data.Slice(r * c, c));
        }

        return Graph.Record(y, [x, bias], () =>
        {
            if (x.RequiresGrad) { Elementwise.AddScaledInPlace(x.Grad, y.Grad, 1f); }
            if (!bias.RequiresGrad) { return; }

            for (var r = 0; r < x.Size / Math.Max(c, 1); r++)
            {
                Elementwise.AddScaledInPlace(bias.Grad, y.Grad.Slice(r * c, c), 1f);
            }
        });
    }

    private sealed record MatMulPlan(int[] BatchShape, int Batch, int M, int N, int K, int Lda, int Ldb, long StrideA, long StrideB);

    private static MatMulPlan Plan(Tensor a, Tensor b, bool transA, bool transB)
    {
        var (ar, ac) = (a.Shape[^2], a.Shape[^1]);
        var (br, bc) = (b.Shape[^2], b.Shape[^1]);
        var (m, k) = transA ? (ac, ar) : (ar, ac);
        var (kb, n) = transB ? (bc, br) : (br, bc);
        var batchA = a.Shape[..^2];
        var batchB = b.Shape[..^2];
        if (k != kb || (batchA.Length > 0 && batchB.Length > 0 && !Shapes.Equal(batchA, batchB)))
        {
            throw new ArgumentException(
                $"MatMul: {Shapes.Format(a.Shape)}{(transA ? "ᵀ" : "")} · {Shapes.Format(b.Shape)}{(transB ? "ᵀ" : "")} do not fit.");
        }

        var batchShape = batchA.Length > 0 ? batchA : batchB;
        return new MatMulPlan(batchShape, Shapes.SizeOf(batchShape), m, n, k, ac, bc,
            batchA.Length > 0 ? (long)ar * ac : 0, batchB.Length > 0 ? (long)br * bc : 0);
    }

    // With C = op(A)·op(B):  d op(A) = dC·op(B)ᵀ  and  d op(B) = op(A)ᵀ·dC, written into A's and B's storage layout.
    private static void Backward(Tensor a, Tensor b, Tensor y, bool transA, bool transB, MatMulPlan p)
    {
        var gy = y.Grad;
        var strideC = (long)p.M * p.N;
        for (var i = 0; i < p.Batch; i++)
        {
            var dC = gy.Slice((int)(i * strideC), (int)strideC);
            var aMat = a.Data[(int)(i * p.StrideA)..];
            var bMat = b.Data[(int)(i * p.StrideB)..];
            if (a.RequiresGrad)
            {
                var dA = a.Grad[(int)(i * p.StrideA)..];
                if (!transA) { Gemm.Sgemm(false, !transB, p.M, p.K, p.N, 1f, dC, p.N, bMat, p.Ldb, 1f, dA, p.Lda); }
                else { Gemm.Sgemm(transB, true, p.K, p.M, p.N, 1f, bMat, p.Ldb, dC, p.N, 1f, dA, p.Lda); }
            }

            if (b.RequiresGrad)
            {
                var dB = b.Grad[(int)(i * p.StrideB)..];
                if (!transB) { Gemm.Sgemm(!transA, false, p.K, p.N, p.M, 1f, aMat, p.Lda, dC, p.N, 1f, dB, p.Ldb); }
                else { Gemm.Sgemm(true, transA, p.N, p.K, p.M, 1f, dC, p.N, aMat, p.Lda, 1f, dB, p.Ldb); }
            }
        }
    }
}
