namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Naive loops in double for <see cref="KvCacheAttention.Forward"/>: same layout and visibility rule.</summary>
public static class KvCacheAttentionReference
{
    public static void Forward(Span<float> y, ReadOnlySpan<float> qkv, ReadOnlySpan<float> keys, ReadOnlySpan<float> values,
        ReadOnlySpan<float> mask, int b, int tn, int t0, int cap, int c, int nh)
    {
        var hs = c / nh;
        var scale = 1.0 / Math.Sqrt(hs);
        var w = new double[t0 + tn];
        for (var bi = 0; bi < b; bi++)
        for (var hi = 0; hi < nh; hi++)
        for (var ti = 0; ti < tn; ti++)
        {
            var q = (bi * tn + ti) * 3 * c + hi * hs;
            var kv = (bi * nh + hi) * cap * hs;
            var max = double.NegativeInfinity;
            for (var j = 0; j <= t0 + ti; j++)
            {
                if (mask[bi * cap + j] == 0f) { w[j] = double.NegativeInfinity; continue; }
                double s = 0;
                for (var d = 0; d < hs; d++) s += (double)qkv[q + d] * keys[kv + j * hs + d];
                w[j] = s * scale;
                max = Math.Max(max, w[j]);
            }

            double sum = 0;
            for (var j = 0; j <= t0 + ti; j++)
            {
                w[j] = double.IsNegativeInfinity(w[j]) ? 0 : Math.Exp(w[j] - max);
                sum += w[j];
            }

            for (var d = 0; d < hs; d++)
            {
                double acc = 0;
                for (var j = 0; j <= t0 + ti; j++) acc += w[j] * values[kv + j * hs + d];
                y[(bi * tn + ti) * c + hi * hs + d] = sum == 0 ? 0f : (float)(acc / sum);
            }
        }
    }
}
