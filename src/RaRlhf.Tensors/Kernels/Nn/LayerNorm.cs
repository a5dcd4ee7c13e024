using System.Numerics.Tensors;

namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Layer norm over the last dimension, rows in parallel. Reference: <see cref="LayerNormReference"/>.</summary>
public static class LayerNorm
{
    /// <summary>out = (x − mean)·rstd·weight + bias per row of <paramref name="inp"/> (N, C); caches mean, rstd (N).</summary>
    public static void Forward(Memory<float> output, Memory<float> mean, Memory<float> rstd, ReadOnlyMemory<float> inp,
        ReadOnlyMemory<float> weight, ReadOnlyMemory<float> bias, int n, int c, float eps)
    {
        RowParallel.For(n, c, (start, end) =>
        {
            var w = weight.Span;
            var b = bias.Span;
            for (var i = start; i < end; i++)
            {
                var x = inp.Span.Slice(i * c, c);
                var o = output.Span.Slice(i * c, c);
                var m = TensorPrimitives.Sum(x) / c;
                TensorPrimitives.Subtract(x, m, o);
                var v = TensorPrimitives.SumOfSquares(o) / c;
                var s = 1f / MathF.Sqrt(v + eps);
                TensorPrimitives.Multiply(o, s, o);
                TensorPrimitives.FusedMultiplyAdd(o, w, b, o);
                mean.Span[i] = m;
                rstd.Span[i] = s;
            }
        });
    }

    /// <summary>
    /// Accumulates dinp (N, C), dweight and dbias (C) from dout, as llm.c: dinp += (dnorm − mean(dnorm) − norm·mean(dnorm·norm))·rstd.
    /// </summary>
    public static void Backward(Memory<float> dinp, Memory<float> dweight, Memory<float> dbias, ReadOnlyMemory<float> dout,
        ReadOnlyMemory<float> inp, ReadOnlyMemory<float> weight, ReadOnlyMemory<float> mean, ReadOnlyMemory<float> rstd, int n, int c)
    {
        var gate = new object();
        RowParallel.For(n, 4L * c, (start, end) =>
        {
            var w = weight.Span;
            var norm = new float[c];
            var dnorm = new float[c];
            var dw = new float[c];
            var db = new float[c];
            for (var i = start; i < end; i++)
            {
                var x = inp.Span.Slice(i * c, c);
                var dy = dout.Span.Slice(i * c, c);
                var dx = dinp.Span.Slice(i * c, c);
                TensorPrimitives.Subtract(x, mean.Span[i], norm);
                TensorPrimitives.Multiply(norm, rstd.Span[i], norm);
                TensorPrimitives.Multiply(dy, w, dnorm);
                TensorPrimitives.Add(db, dy, db);
                TensorPrimitives.FusedMultiplyAdd(norm, dy, dw, dw);
                var dnormMean = TensorPrimitives.Sum(dnorm) / c;
                var dnormNormMean = TensorPrimitives.Dot(dnorm, norm) / c;
                var s = rstd.Span[i];
                for (var j = 0; j < c; j++)
                {
                    dx[j] += (dnorm[j] - dnormMean - norm[j] * dnormNormMean) * s;
                }
            }

            lock (gate)
            {
                TensorPrimitives.Add(dweight.Span[..c], dw, dweight.Span[..c]);
                TensorPrimitives.Add(dbias.Span[..c], db, dbias.Span[..c]);
            }
        });
    }
}
