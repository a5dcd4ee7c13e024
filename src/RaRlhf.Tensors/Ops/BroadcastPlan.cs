namespace RaRlhf.Tensors.Ops;

/// <summary>
/// NumPy broadcasting of two shapes (aligned from the right; a dimension of 1, or a missing one, repeats).
/// For each output element, the flat index it reads in each operand.
/// </summary>
internal sealed class BroadcastPlan
{
    private BroadcastPlan(int[] outShape, int[] indexA, int[] indexB)
    {
        OutShape = outShape;
        IndexA = indexA;
        IndexB = indexB;
    }

    public int[] OutShape { get; }

    public int[] IndexA { get; }

    public int[] IndexB { get; }

    public static BroadcastPlan Create(int[] a, int[] b, string op)
    {
        var rank = Math.Max(a.Length, b.Length);
        var outShape = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            var da = DimFromRight(a, rank - 1 - d);
            var db = DimFromRight(b, rank - 1 - d);
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"{op}: shapes {Shapes.Format(a)} and {Shapes.Format(b)} do not broadcast (dimension {d}).");
            }

            outShape[d] = da == 1 ? db : da;
        }

        var strideA = BroadcastStrides(a, outShape);
        var strideB = BroadcastStrides(b, outShape);
        var size = Shapes.SizeOf(outShape);
        var indexA = new int[size];
        var indexB = new int[size];
        var counter = new int[rank];
        int ia = 0, ib = 0;
        for (var i = 0; i < size; i++)
        {
            indexA[i] = ia;
            indexB[i] = ib;
            // Odometer increment over the output dims, moving the operand offsets by their (0 when broadcast) strides.
            for (var d = rank - 1; d >= 0; d--)
            {
                counter[d]++;
                ia += strideA[d];
                ib += strideB[d];
                if (counter[d] < outShape[d])
                {
                    break;
                }

                ia -= strideA[d] * outShape[d];
                ib -= strideB[d] * outShape[d];
                counter[d] = 0;
            }
        }

        return new BroadcastPlan(outShape, indexA, indexB);
    }

    // Dimension `fromRight` places from the end (0 = last), or 1 where the shape is shorter.
    private static int DimFromRight(int[] shape, int fromRight) =>
        fromRight < shape.Length ? shape[shape.Length - 1 - fromRight] : 1;

    private static int[] BroadcastStrides(int[] shape, int[] outShape)
    {
        var rank = outShape.Length;
        var strides = new int[rank];
        var stride = 1;
        for (var d = rank - 1; d >= 0; d--)
        {
            var dim = DimFromRight(shape, rank - 1 - d);
            strides[d] = dim == 1 ? 0 : stride;
            stride *= dim;
        }

        return strides;
    }
}
