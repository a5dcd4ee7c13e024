namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Naive loops in double (llm.c's attention_forward/backward) with the same masking rule as <see cref="CausalAttention"/>.</summary>
public static class CausalAttentionReference
{
    public static void Forward(Span<float> output, Span<float> att, ReadOnlySpan<float> qkv, ReadOnlySpan<float> mask,
        int b, int t, int c, int nh)
    {
        var hs = c / nh;
        var scale = 1.0 / Math.Sqrt(hs);
        var w = new double[t];
        for (var bi = 0; bi < b; bi++)
        for (var h = 0; h < nh; h++)
        for (var i = 0; i < t; i++)
        {
            var q = (bi * t + i) * 3 * c + h * hs;
            var max = double.NegativeInfinity;
            for (var j = 0; j <= i; j++)
            {
                if (!Visible(mask, bi, t, j)) { w[j] = double.NegativeInfinity; continue; }
                var k = (bi * t + j) * 3 * c + c + h * hs;
                double s = 0;
                for (var d = 0; d < hs; d++) s += (double)qkv[q + d] * qkv[k + d];
                w[j] = s * scale;
                max = Math.Max(max, w[j]);
            }

            double sum = 0;
            for (var j = 0; j <= i; j++)
            {
                w[j] = double.IsNegativeInfinity(max) || double.IsNegativeInfinity(w[j]) ? 0 : Math.Exp(w[j] - max);
                sum += w[j];
            }

            var a = att.Slice(((bi * nh + h) * t + i) * t, t);
            a.Clear();
            for (var j = 0; j <= i; j++) a[j] = sum == 0 ? 0f : (float)(w[j] / sum);
            for (var d = 0; d < hs; d++)
            {
                double o = 0;
                for (var j = 0; j <= i; j++) o += a[j] * (double)qkv[(bi * t + j) * 3 * c + 2 * c + h * hs + d];
                output[(bi * t + i) * c + h * hs + d] = (float)o;
            }
        }
    }

    /// <summary>Overwrites dqkv.</summary>
    public static void Backward(Span<float> dqkv, ReadOnlySpan<float> dout, ReadOnlySpan<float> qkv, ReadOnlySpan<float> att,
        int b, int t, int c, int nh)
    {
        var hs = c / nh;
        var scale = 1.0 / Math.Sqrt(hs);
        var dq = new double[dqkv.Length];
        var datt = new double[t];
        for (var bi = 0; bi < b; bi++)
        for (var h = 0; h < nh; h++)
        for (var i = 0; i < t; i++)
        {
            var a = att.Slice(((bi * nh + h) * t + i) * t, t);
            var dy = (bi * t + i) * c + h * hs;
            double dot = 0;
            for (var j = 0; j <= i; j++)
            {
                var v = (bi * t + j) * 3 * c + 2 * c + h * hs;
                double s = 0;
                for (var d = 0; d < hs; d++)
                {
                    s += (double)dout[dy + d] * qkv[v + d];
                    dq[v + d] += a[j] * (double)dout[dy + d];
                }

                datt[j] = s;
                dot += a[j] * s;
            }

            var q = (bi * t + i) * 3 * c + h * hs;
            for (var j = 0; j <= i; j++)
            {
                var dpre = a[j] * (datt[j] - dot) * scale;
                var k = (bi * t + j) * 3 * c + c + h * hs;
                for (var d = 0; d < hs; d++)
                {
                    dq[q + d] += dpre * qkv[k + d];
                    dq[k + d] += dpre * qkv[q + d];
                }
            }
        }

        for (var i = 0; i < dq.Length; i++) dqkv[i] = (float)dq[i];
    }

    private static bool Visible(ReadOnlySpan<float> mask, int bi, int t, int j) => mask.IsEmpty || mask[bi * t + j] != 0f;
}
