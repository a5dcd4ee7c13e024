using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Tensors.Ops;

/// <summary>Sum and mean over all elements (shape []) or over one dimension.</summary>
public static class ReductionOps
{
    public static Tensor Sum(this Tensor x)
    {
        var y = Tensor.Scalar(Reduction.Sum(x.Data));
        return Graph.Record(y, [x], () =>
        {
            var g = y.Grad[0];
            var gx = x.Grad;
            for (var i = 0; i < gx.Length; i++) { gx[i] += g; }
        });
    }

    public static Tensor Mean(this Tensor x) => x.Sum().Scale(1f / x.Size);

    /// <summary>Sum over <paramref name="dim"/> (negative counts from the end, -1 = last).</summary>
    public static Tensor Sum(this Tensor x, int dim, bool keepDim = false)
    {
        var axis = Shapes.Axis(dim, x.Rank);
        var (outer, n, inner) = Shapes.Split(x.Shape, axis);
        var y = Tensor.Zeros(Shapes.Reduce(x.Shape, axis, keepDim));
        var xd = x.Data;
        var yd = y.Data;
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < n; j++)
            {
                var row = xd.Slice((o * n + j) * inner, inner);
                Elementwise.AddScaledInPlace(yd.Slice(o * inner, inner), row, 1f);
            }
        }

        return Graph.Record(y, [x], () =>
        {
            var gy = y.Grad;
            var gx = x.Grad;
            for (var o = 0; o < outer; o++)
            {
                for (var j = 0; j < n; j++)
                {
                    Elementwise.AddScaledInPlace(gx.Slice((o * n + j) * inner, inner), gy.Slice(o * inner, inner), 1f);
                }
            }
        });
    }

    public static Tensor Mean(this Tensor x, int dim, bool keepDim = false) =>
        x.Sum(dim, keepDim).Scale(1f / x.Shape[Shapes.Axis(dim, x.Rank)]);
}
