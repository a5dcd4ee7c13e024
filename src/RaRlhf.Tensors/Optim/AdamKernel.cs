using System.Runtime.Intrinsics;

namespace RaRlhf.Tensors.Optim;

/// <summary>Vector256 Adam update, split across cores for large buffers; same math as <see cref="AdamKernelReference"/>.</summary>
public static class AdamKernel
{
    private const int ParallelChunk = 1 << 16;

    public static void Step(float[] param, float[] grad, float[] m, float[] v, AdamStepScalars s)
    {
        if (param.Length < 4 * ParallelChunk)
        {
            StepRange(param, grad, m, v, s, 0, param.Length);
            return;
        }

        var chunks = (param.Length + ParallelChunk - 1) / ParallelChunk;
        Parallel.For(0, chunks, c =>
        {
            var start = c * ParallelChunk;
            StepRange(param, grad, m, v, s, start, Math.Min(ParallelChunk, param.Length - start));
        });
    }

    private static void StepRange(float[] param, float[] grad, float[] m, float[] v, AdamStepScalars s, int start, int length)
    {
        var p = param.AsSpan(start, length);
        var g = grad.AsSpan(start, length);
        var ms = m.AsSpan(start, length);
        var vs = v.AsSpan(start, length);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            const int w = 8;
            var b1 = Vector256.Create(s.Beta1);
            var b2 = Vector256.Create(s.Beta2);
            var ob1 = Vector256.Create(1f - s.Beta1);
            var ob2 = Vector256.Create(1f - s.Beta2);
            var eps = Vector256.Create(s.Eps);
            var stepSize = Vector256.Create(s.StepSize);
            var bc2 = Vector256.Create(s.BiasCorrection2Sqrt);
            var l2 = Vector256.Create(s.L2Decay);
            var decay = Vector256.Create(s.DecoupledFactor);
            for (; i <= length - w; i += w)
            {
                var pv = Vector256.Create(p.Slice(i, w));
                var gv = Vector256.Create(g.Slice(i, w)) + l2 * pv;
                var mv = Vector256.Create(ms.Slice(i, w)) * b1 + ob1 * gv;
                var vv = Vector256.Create(vs.Slice(i, w)) * b2 + ob2 * gv * gv;
                var denom = Vector256.Sqrt(vv) / bc2 + eps;
                (pv * decay - stepSize * (mv / denom)).CopyTo(p.Slice(i, w));
                mv.CopyTo(ms.Slice(i, w));
                vv.CopyTo(vs.Slice(i, w));
            }
        }

        AdamKernelReference.Step(p[i..], g[i..], ms[i..], vs[i..], s);
    }
}
