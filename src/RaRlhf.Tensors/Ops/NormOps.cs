using RaRlhf.Tensors.Autograd;

namespace RaRlhf.Tensors.Ops;

/// <summary>Layer norm over the last dimension (torch.nn.functional.layer_norm, biased variance).</summary>
public static class NormOps
{
    /// <summary>y = (x − mean)/√(var + eps) · weight + bias; weight and bias (C) may be null (no affine).</summary>
    public static Tensor LayerNorm(this Tensor x, Tensor? weight, Tensor? bias, float eps = 1e-5f)
    {
        var c = x.Shape[^1];
        if ((weight is not null && weight.Size != c) || (bias is not null && bias.Size != c))
        {
            throw new ArgumentException($"LayerNorm: weight/bias must have {c} elements for input {Shapes.Format(x.Shape)}.");
        }

        var rows = x.Size / Math.Max(c, 1);
        var mean = new float[rows];
        var rstd = new float[rows];
        var y = Tensor.Zeros(x.Shape);
        var xd = x.Data;
        var yd = y.Data;
        for (var r = 0; r < rows; r++)
        {
            var row = xd.Slice(r * c, c);
            double sum = 0;
            foreach (var v in row) { sum += v; }

            var m = (float)(sum / c);
            double sq = 0;
            foreach (var v in row) { sq += (double)(v - m) * (v - m); }

            var s = 1f / MathF.Sqrt((float)(sq / c) + eps);
            mean[r] = m;
            rstd[r] = s;
            for (var i = 0; i < c; i++)
            {
                var n = (row[i] - m) * s;
                yd[r * c + i] = n * (weight?.Data[i] ?? 1f) + (bias?.Data[i] ?? 0f);
            }
        }

        Tensor[] inputs = weight is null ? bias is null ? [x] : [x, bias] : bias is null ? [x, weight] : [x, weight, bias];
        return Graph.Record(y, inputs, () => Backward(x, weight, bias, y, mean, rstd));
    }

    // llm.c layernorm_backward: dx = rstd·(dnorm − mean(dnorm) − norm·mean(dnorm·norm)), dnorm = dy·w.
    private static void Backward(Tensor x, Tensor? weight, Tensor? bias, Tensor y, float[] mean, float[] rstd)
    {
        var c = x.Shape[^1];
        var xd = x.Data;
        var gy = y.Grad;
        var gx = x.RequiresGrad ? x.Grad : default;
        var gw = weight is { RequiresGrad: true } ? weight.Grad : default;
        var gb = bias is { RequiresGrad: true } ? bias.Grad : default;
        for (var r = 0; r < mean.Length; r++)
        {
            double meanD = 0, meanDn = 0;
            for (var i = 0; i < c; i++)
            {
                var n = (xd[r * c + i] - mean[r]) * rstd[r];
                var dn = gy[r * c + i] * (weight?.Data[i] ?? 1f);
                meanD += dn;
                meanDn += dn * n;
            }

            meanD /= c;
            meanDn /= c;
            for (var i = 0; i < c; i++)
            {
                var g = gy[r * c + i];
                var n = (xd[r * c + i] - mean[r]) * rstd[r];
                if (!gw.IsEmpty) { gw[i] += g * n; }
                if (!gb.IsEmpty) { gb[i] += g; }
                if (!gx.IsEmpty)
                {
                    var dn = g * (weight?.Data[i] ?? 1f);
                    gx[r * c + i] += rstd[r] * (float)(dn - meanD - n * meanDn);
                }
            }
        }
    }
}
