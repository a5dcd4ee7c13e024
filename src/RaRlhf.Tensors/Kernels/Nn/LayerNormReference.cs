namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Naive scalar layer norm in double: the definition <see cref="LayerNorm"/> is tested against.</summary>
public static class LayerNormReference
{
    public static void Forward(Span<float> output, Span<float> mean, Span<float> rstd, ReadOnlySpan<float> inp,
        ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int n, int c, float eps)
    {
        for (var i = 0; i < n; i++)
        {
            double m = 0, v = 0;
            for (var j = 0; j < c; j++) m += inp[i * c + j];
            m /= c;
            for (var j = 0; j < c; j++) v += (inp[i * c + j] - m) * (inp[i * c + j] - m);
            var s = 1.0 / Math.Sqrt(v / c + eps);
            for (var j = 0; j < c; j++) output[i * c + j] = (float)((inp[i * c + j] - m) * s * weight[j] + bias[j]);
            mean[i] = (float)m;
            rstd[i] = (float)s;
        }
    }

    public static void Backward(Span<float> dinp, Span<float> dweight, Span<float> dbias, ReadOnlySpan<float> dout,
        ReadOnlySpan<float> inp, ReadOnlySpan<float> weight, ReadOnlySpan<float> mean, ReadOnlySpan<float> rstd, int n, int c)
    {
        for (var i = 0; i < n; i++)
        {
            double dnormMean = 0, dnormNormMean = 0;
            for (var j = 0; j < c; j++)
            {
                var norm = (inp[i * c + j] - (double)mean[i]) * rstd[i];
                var dnorm = (double)weight[j] * dout[i * c + j];
                dnormMean += dnorm;
                dnormNormMean += dnorm * norm;
            }

            dnormMean /= c;
            dnormNormMean /= c;
            for (var j = 0; j < c; j++)
            {
                var norm = (inp[i * c + j] - (double)mean[i]) * rstd[i];
                var dnorm = (double)weight[j] * dout[i * c + j];
                dbias[j] += dout[i * c + j];
                dweight[j] += (float)(norm * dout[i * c + j]);
                dinp[i * c + j] += (float)((dnorm - dnormMean - norm * dnormNormMean) * rstd[i]);
            }
        }
    }
}
