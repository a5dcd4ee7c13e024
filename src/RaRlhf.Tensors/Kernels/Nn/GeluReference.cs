namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Scalar double-precision GELU (tanh form) and its derivative.</summary>
public static class GeluReference
{
    public static void Forward(Span<float> output, ReadOnlySpan<float> inp)
    {
        for (var i = 0; i < inp.Length; i++)
        {
            double x = inp[i];
            output[i] = (float)(0.5 * x * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))));
        }
    }

    public static void Backward(Span<float> dinp, ReadOnlySpan<float> inp, ReadOnlySpan<float> dout)
    {
        var s = Math.Sqrt(2 / Math.PI);
        for (var i = 0; i < inp.Length; i++)
        {
            double x = inp[i];
            var t = Math.Tanh(s * (x + 0.044715 * x * x * x));
            dinp[i] = (float)(dout[i] * (0.5 * (1 + t) + 0.5 * x * (1 - t * t) * s * (1 + 3 * 0.044715 * x * x)));
        }
    }
}
