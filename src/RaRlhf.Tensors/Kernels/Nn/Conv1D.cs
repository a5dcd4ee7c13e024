using System.Numerics.Tensors;

namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>
/// GPT-2's Conv1D (a linear layer with weight stored [in, out]): out (N, OC) = inp (N, IC) · W (IC, OC) + bias (OC).
/// The matmuls go through <see cref="Gemm.Sgemm"/>; this only adds the bias plumbing.
/// </summary>
public static class Conv1D
{
    public static void Forward(Span<float> output, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int n, int ic, int oc)
    {
        for (var i = 0; i < n; i++)
        {
            bias[..oc].CopyTo(output.Slice(i * oc, oc));
        }

        Gemm.Sgemm(false, false, n, oc, ic, 1f, inp, ic, weight, oc, 1f, output, oc);
    }

    /// <summary>Overwrites dinp (unless empty); accumulates dweight (IC, OC) and dbias (OC).</summary>
    public static void Backward(Span<float> dinp, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, int n, int ic, int oc)
    {
        if (!dinp.IsEmpty)
        {
            Gemm.Sgemm(false, true, n, ic, oc, 1f, dout, oc, weight, oc, 0f, dinp, ic);
        }

        Gemm.Sgemm(true, false, ic, oc, n, 1f, inp, ic, dout, oc, 1f, dweight, oc);
        for (var i = 0; i < n; i++)
        {
            TensorPrimitives.Add(dbias[..oc], dout.Slice(i * oc, oc), dbias[..oc]);
        }
    }
}
