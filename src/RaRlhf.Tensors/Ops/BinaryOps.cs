using System.Numerics.Tensors;
using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Tensors.Ops;

/// <summary>
/// Elementwise a ∘ b with NumPy broadcasting (row, column and scalar kinds included). Same-shape inputs take
/// the SIMD kernels; broadcast inputs go through <see cref="BroadcastPlan"/>, and their gradients are summed
/// back over the broadcast dimensions.
/// </summary>
public static class BinaryOps
{
    private enum Kind { Add, Sub, Mul, Div, Minimum, Maximum }

    public static Tensor Add(this Tensor a, Tensor b) => Binary(a, b, Kind.Add);

    public static Tensor Sub(this Tensor a, Tensor b) => Binary(a, b, Kind.Sub);

    public static Tensor Mul(this Tensor a, Tensor b) => Binary(a, b, Kind.Mul);

    public static Tensor Div(this Tensor a, Tensor b) => Binary(a, b, Kind.Div);

    /// <summary>torch.minimum: on ties each input gets half the gradient.</summary>
    public static Tensor Minimum(this Tensor a, Tensor b) => Binary(a, b, Kind.Minimum);

    /// <summary>torch.maximum: on ties each input gets half the gradient.</summary>
    public static Tensor Maximum(this Tensor a, Tensor b) => Binary(a, b, Kind.Maximum);

    private static Tensor Binary(Tensor a, Tensor b, Kind kind)
    {
        var same = Shapes.Equal(a.Shape, b.Shape);
        var plan = same ? null : BroadcastPlan.Create(a.Shape, b.Shape, kind.ToString());
        var y = Tensor.Zeros(plan?.OutShape ?? a.Shape);
        if (plan is null)
        {
            RowParallel.ForChunks(y.Size, (s, n) => Forward(kind, a.Data.Slice(s, n), b.Data.Slice(s, n), y.Data.Slice(s, n), null));
        }
        else
        {
            Forward(kind, a.Data, b.Data, y.Data, plan);
        }

        return Graph.Record(y, [a, b], () => Backward(kind, a, b, y, plan));
    }

    private static void Forward(Kind kind, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y, BroadcastPlan? plan)
    {
        if (plan is null)
        {
            switch (kind)
            {
                case Kind.Add: Elementwise.Add(a, b, y); return;
                case Kind.Sub: TensorPrimitives.Subtract(a, b, y); return;
                case Kind.Mul: Elementwise.Mul(a, b, y); return;
                case Kind.Div: Elementwise.Div(a, b, y); return;
            }
        }

        for (var i = 0; i < y.Length; i++)
        {
            var av = a[plan?.IndexA[i] ?? i];
            var bv = b[plan?.IndexB[i] ?? i];
            y[i] = kind switch
            {
                Kind.Add => av + bv,
                Kind.Sub => av - bv,
                Kind.Mul => av * bv,
                Kind.Div => av / bv,
                Kind.Minimum => MathF.Min(av, bv),
                _ => MathF.Max(av, bv),
            };
        }
    }

    private static void Backward(Kind kind, Tensor a, Tensor b, Tensor y, BroadcastPlan? plan)
    {
        var gy = y.Grad;
        if (plan is null && kind is Kind.Add or Kind.Sub or Kind.Mul)
        {
            if (a.RequiresGrad) { a.EnsureGrad(); }
            if (b.RequiresGrad) { b.EnsureGrad(); }
            RowParallel.ForChunks(gy.Length, (s, n) => BackwardSameShapeSimd(kind, a, b, y, s, n));
            return;
        }

        var ad = a.Data;
        var bd = b.Data;
        var ga = a.RequiresGrad ? a.Grad : default;
        var gb = b.RequiresGrad ? b.Grad : default;
        for (var i = 0; i < gy.Length; i++)
        {
            var ia = plan?.IndexA[i] ?? i;
            var ib = plan?.IndexB[i] ?? i;
            var (da, db) = LocalGradients(kind, ad[ia], bd[ib]);
            if (!ga.IsEmpty) { ga[ia] += gy[i] * da; }
            if (!gb.IsEmpty) { gb[ib] += gy[i] * db; }
        }
    }

    private static void BackwardSameShapeSimd(Kind kind, Tensor a, Tensor b, Tensor y, int start, int count)
    {
        var gy = y.Grad.Slice(start, count);
        if (a.RequiresGrad)
        {
            var ga = a.Grad.Slice(start, count);
            if (kind == Kind.Mul) { Elementwise.AddProductInPlace(ga, gy, b.Data.Slice(start, count)); }
            else { Elementwise.AddScaledInPlace(ga, gy, 1f); }
        }

        if (b.RequiresGrad)
        {
            var gb = b.Grad.Slice(start, count);
            if (kind == Kind.Mul) { Elementwise.AddProductInPlace(gb, gy, a.Data.Slice(start, count)); }
            else { Elementwise.AddScaledInPlace(gb, gy, kind == Kind.Sub ? -1f : 1f); }
        }
    }

    // ∂y/∂a and ∂y/∂b at one element.
    private static (float Da, float Db) LocalGradients(Kind kind, float a, float b) => kind switch
    {
        Kind.Add => (1f, 1f),
        Kind.Sub => (1f, -1f),
        Kind.Mul => (b, a),
        Kind.Div => (1f / b, -a / (b * b)),
        Kind.Minimum => a < b ? (1f, 0f) : a > b ? (0f, 1f) : (0.5f, 0.5f),
        _ => a > b ? (1f, 0f) : a < b ? (0f, 1f) : (0.5f, 0.5f),
    };
}
