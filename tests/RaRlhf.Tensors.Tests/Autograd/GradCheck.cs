using RaRlhf.Tensors;
using RaRlhf.Tensors.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Autograd;

/// <summary>
/// Finite-difference gradient check. The scalar probed is L = Σ y·w with w random (so every output element
/// carries a different upstream gradient). The analytic gradient comes from <c>y.Backward(w)</c>; the numeric one
/// from central differences (L(x+ε) − L(x−ε)) / 2ε, with L accumulated in double. An element passes when
/// |numeric − analytic| ≤ atol + rtol·|numeric|.
/// </summary>
public static class GradCheck
{
    public static void Check(
        Func<Tensor[], Tensor> f, Tensor[] inputs, ITestOutputHelper? output = null,
        float eps = 1e-2f, double atol = 2e-3, double rtol = 1e-2, ulong seed = 99)
    {
        foreach (var x in inputs) { x.ZeroGrad(); }

        var y = f(inputs);
        Assert.True(y.RequiresGrad, "the op output does not require grad although an input does");
        var w = new float[y.Size];
        new SplitMix64(seed).FillSigned(w);
        y.Backward(w);

        double worst = 0;
        for (var n = 0; n < inputs.Length; n++)
        {
            var x = inputs[n];
            if (!x.RequiresGrad) { continue; }

            var analytic = x.Grad.ToArray();
            for (var i = 0; i < x.Size; i++)
            {
                var saved = x.Data[i];
                x.Data[i] = saved + eps;
                var plus = Probe(f, inputs, w);
                x.Data[i] = saved - eps;
                var minus = Probe(f, inputs, w);
                x.Data[i] = saved;
                var numeric = (plus - minus) / (2.0 * eps);
                var diff = Math.Abs(numeric - analytic[i]);
                worst = Math.Max(worst, diff);
                Assert.True(diff <= atol + rtol * Math.Abs(numeric),
                    $"input {n} element {i}: analytic {analytic[i]:G6}, numeric {numeric:G6} (|diff| {diff:G3})");
            }
        }

        output?.WriteLine($"gradcheck max |analytic - numeric| = {worst:G3} (atol {atol}, rtol {rtol}, eps {eps})");
    }

    private static double Probe(Func<Tensor[], Tensor> f, Tensor[] inputs, float[] w)
    {
        using var _ = GradMode.NoGrad();
        var y = f(inputs).Data;
        double sum = 0;
        for (var i = 0; i < y.Length; i++) { sum += (double)y[i] * w[i]; }

        return sum;
    }

    /// <summary>A trainable leaf filled from <see cref="SplitMix64"/>: shift + scale·U[-1, 1).</summary>
    public static Tensor Random(ulong seed, int[] shape, float scale = 1f, float shift = 0f, bool requiresGrad = true)
    {
        var t = Tensor.Zeros(shape);
        var rng = new SplitMix64(seed);
        for (var i = 0; i < t.Size; i++) { t.Data[i] = shift + scale * rng.NextSigned(); }

        t.RequiresGrad = requiresGrad;
        return t;
    }
}
