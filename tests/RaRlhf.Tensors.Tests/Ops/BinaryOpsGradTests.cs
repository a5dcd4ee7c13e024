using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops;

public sealed class BinaryOpsGradTests(ITestOutputHelper output)
{
    public static TheoryData<string, int[], int[]> Cases() => new()
    {
        { "add", [3, 5], [3, 5] }, { "add", [3, 5], [5] }, { "add", [3, 5], [3, 1] }, { "add", [2, 3], [] },
        { "sub", [3, 5], [3, 5] }, { "sub", [2, 1, 4], [3, 1] }, { "sub", [], [4] },
        { "mul", [3, 5], [3, 5] }, { "mul", [3, 5], [5] }, { "mul", [2, 1, 4], [3, 1] }, { "mul", [7], [1] },
        { "div", [3, 5], [3, 5] }, { "div", [3, 5], [3, 1] }, { "div", [], [2, 2] },
        { "minimum", [3, 5], [3, 5] }, { "minimum", [3, 5], [5] },
        { "maximum", [3, 5], [3, 5] }, { "maximum", [4, 1], [1, 6] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Binary_FiniteDifferences_MatchBackward(string op, int[] shapeA, int[] shapeB)
    {
        var a = GradCheck.Random(1, shapeA);
        // Divisors kept away from 0; min/max operands offset so no pair is within ε of a tie (a kink).
        var b = op == "div" ? GradCheck.Random(2, shapeB, 0.5f, 2f) : GradCheck.Random(2, shapeB);
        if (op is "minimum" or "maximum") { NudgeAwayFromTies(a, b); }

        GradCheck.Check(x => Apply(op, x[0], x[1]), [a, b], output);
    }

    [Fact]
    public void Maximum_Ties_SplitGradientInHalf()
    {
        var a = Tensor.Parameter([1f, 2f], 2);
        var b = Tensor.Parameter([1f, 3f], 2);
        a.Maximum(b).Sum().Backward();
        Assert.Equal([0.5f, 0f], a.Grad.ToArray());
        Assert.Equal([0.5f, 1f], b.Grad.ToArray());
    }

    [Fact]
    public void Add_IncompatibleShapes_ThrowsNamingShapes()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(3, 4).Add(Tensor.Zeros(3)));
        Assert.Contains("[3, 4]", e.Message);
    }

    [Fact]
    public void Operators_Composed_MatchElementwiseDefinition()
    {
        var a = Tensor.From([1f, 2f, 3f], 3);
        var b = Tensor.From([4f, 5f, 6f], 3);
        var y = (a * b - a / 2f + 1f) * 2f - (-a) + (3f - b);
        for (var i = 0; i < 3; i++)
        {
            var (x, z) = (a.Data[i], b.Data[i]);
            Assert.Equal((x * z - x / 2f + 1f) * 2f + x + (3f - z), y.Data[i], 1e-5f);
        }
    }

    private static Tensor Apply(string op, Tensor a, Tensor b) => op switch
    {
        "add" => a + b,
        "sub" => a - b,
        "mul" => a * b,
        "div" => a / b,
        "minimum" => a.Minimum(b),
        _ => a.Maximum(b),
    };

    private static void NudgeAwayFromTies(Tensor a, Tensor b)
    {
        for (var i = 0; i < a.Size; i++)
        {
            foreach (var v in b.Data)
            {
                if (MathF.Abs(a.Data[i] - v) < 0.05f) { a.Data[i] = v + 0.1f; }
            }
        }
    }
}
