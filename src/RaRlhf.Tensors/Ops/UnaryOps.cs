using System.Numerics.Tensors;
using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Ops;

/// <summary>Elementwise functions of one tensor (and a scalar constant). Backward: gx += gy · f'(x).</summary>
public static class UnaryOps
{
    public static Tensor Neg(this Tensor x) => x.Scale(-1f);

    public static Tensor Scale(this Tensor x, float s) => Unary(
        x, (xs, ys) => TensorPrimitives.Multiply(xs, s, ys), (_, _, gy, gx) => Elementwise.AddScaledInPlace(gx, gy, s));

    public static Tensor AddScalar(this Tensor x, float s) => Unary(
        x, (xs, ys) => TensorPrimitives.Add(xs, s, ys), (_, _, gy, gx) => Elementwise.AddScaledInPlace(gx, gy, 1f));

    public static Tensor Exp(this Tensor x) => Unary(
        x, Elementwise.Exp, (_, y, gy, gx) => Elementwise.AddProductInPlace(gx, gy, y));

    public static Tensor Log(this Tensor x) => Unary(
        x, TensorPrimitives.Log, (xs, _, gy, gx) => Pointwise(xs, gy, gx, v => 1f / v));

    public static Tensor Tanh(this Tensor x) => Unary(
        x, Elementwise.Tanh, (_, y, gy, gx) => Pointwise(y, gy, gx, t => 1f - t * t));

    public static Tensor Sigmoid(this Tensor x) => Unary(
        x, TensorPrimitives.Sigmoid, (_, y, gy, gx) => Pointwise(y, gy, gx, s => s * (1f - s)));

    /// <summary>log σ(x) = min(x, 0) − log(1 + e^−|x|), stable for large |x| (reward-model pairwise loss).</summary>
    public static Tensor LogSigmoid(this Tensor x) => Unary(
        x,
        (xs, ys) => { for (var i = 0; i < xs.Length; i++) { ys[i] = MathF.Min(xs[i], 0f) - MathF.Log(1f + MathF.Exp(-MathF.Abs(xs[i]))); } },
        (xs, _, gy, gx) => Pointwise(xs, gy, gx, v => 1f / (1f + MathF.Exp(v))));

    public static Tensor Square(this Tensor x) => Unary(
        x, (xs, ys) => TensorPrimitives.Multiply(xs, xs, ys), (xs, _, gy, gx) => Pointwise(xs, gy, gx, v => 2f * v));

    public static Tensor Sqrt(this Tensor x) => Unary(
        x, TensorPrimitives.Sqrt, (_, y, gy, gx) => Pointwise(y, gy, gx, r => 0.5f / r));

    /// <summary>1/√x (torch.rsqrt).</summary>
    public static Tensor Rsqrt(this Tensor x) => Unary(
        x,
        (xs, ys) => { TensorPrimitives.Sqrt(xs, ys); TensorPrimitives.Reciprocal(ys, ys); },
        (_, y, gy, gx) => Pointwise(y, gy, gx, r => -0.5f * r * r * r));

    /// <summary>GPT-2 "gelu_new" (tanh approximation).</summary>
    public static Tensor Gelu(this Tensor x) => Unary(x, Elementwise.Gelu, (xs, _, gy, gx) => Elementwise.GeluBackward(xs, gy, gx));

    /// <summary>torch.clamp(x, min, max): the gradient passes where min ≤ x ≤ max (bounds inclusive).</summary>
    public static Tensor Clamp(this Tensor x, float min = float.NegativeInfinity, float max = float.PositiveInfinity)
    {
        if (min > max)
        {
            throw new ArgumentException($"Clamp: min {min} is greater than max {max}.");
        }

        return Unary(
            x,
            (xs, ys) => { for (var i = 0; i < xs.Length; i++) { ys[i] = MathF.Min(MathF.Max(xs[i], min), max); } },
            (xs, _, gy, gx) => Pointwise(xs, gy, gx, v => v >= min && v <= max ? 1f : 0f));
    }

    /// <summary>min(x, s) elementwise, with torch.clamp(max=s) gradient semantics (1 at a tie).</summary>
    public static Tensor Minimum(this Tensor x, float s) => x.Clamp(max: s);

    /// <summary>max(x, s) elementwise, with torch.clamp(min=s) gradient semantics (1 at a tie).</summary>
    public static Tensor Maximum(this Tensor x, float s) => x.Clamp(min: s);

    private delegate void ForwardKernel(ReadOnlySpan<float> x, Span<float> y);

    private delegate void BackwardKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> gy, Span<float> gx);

    private static Tensor Unary(Tensor x, ForwardKernel forward, BackwardKernel backward)
    {
        var y = Tensor.Zeros(x.Shape);
        RowParallel.ForChunks(x.Size, (s, n) => forward(x.Data.Slice(s, n), y.Data.Slice(s, n)));
        return Graph.Record(y, [x], () =>
        {
            x.EnsureGrad();
            y.EnsureGrad();
            RowParallel.ForChunks(x.Size, (s, n) =>
                backward(x.Data.Slice(s, n), y.Data.Slice(s, n), y.Grad.Slice(s, n), x.Grad.Slice(s, n)));
        });
    }

    // gx += gy · derivative(v) with v from x or y, whichever the derivative is cheaper in.
    private static void Pointwise(ReadOnlySpan<float> v, ReadOnlySpan<float> gy, Span<float> gx, Func<float, float> derivative)
    {
        for (var i = 0; i < gx.Length; i++)
        {
            gx[i] += gy[i] * derivative(v[i]);
        }
    }
}
