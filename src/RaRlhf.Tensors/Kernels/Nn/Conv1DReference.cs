namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Triple-loop Conv1D forward/backward in double.</summary>
public static class Conv1DReference
{
    public static void Forward(Span<float> output, ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias,
        int n, int ic, int oc)
    {
        for (var i = 0; i < n; i++)
        for (var o = 0; o < oc; o++)
        {
            double s = bias[o];
            for (var k = 0; k < ic; k++) s += (double)inp[i * ic + k] * weight[k * oc + o];
            output[i * oc + o] = (float)s;
        }
    }

    public static void Backward(Span<float> dinp, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, int n, int ic, int oc)
    {
        for (var i = 0; i < n; i++)
        for (var k = 0; k < ic; k++)
        {
            double s = 0;
            for (var o = 0; o < oc; o++) s += (double)dout[i * oc + o] * weight[k * oc + o];
            dinp[i * ic + k] = (float)s;
        }

        for (var k = 0; k < ic; k++)
        for (var o = 0; o < oc; o++)
        {
            double s = 0;
            for (var i = 0; i < n; i++) s += (double)inp[i * ic + k] * dout[i * oc + o];
            dweight[k * oc + o] += (float)s;
        }

        for (var o = 0; o < oc; o++)
        {
            double s = 0;
            for (var i = 0; i < n; i++) s += dout[i * oc + o];
            dbias[o] += (float)s;
        }
    }
}
