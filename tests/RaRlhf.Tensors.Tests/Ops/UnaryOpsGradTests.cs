using RaRlhf.Tensors.Ops;
using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Ops;

public sealed class UnaryOpsGradTests(ITestOutputHelper output)
{
    public static TheoryData<string> Ops() =>
        ["neg", "scale", "addscalar", "exp", "log", "tanh", "sigmoid", "logsigmoid", "square", "sqrt", "rsqrt", "gelu", "clamp"];

    [Theory]
    [MemberData(nameof(Ops))]
    public void Unary_FiniteDifferences_MatchBackward(string op)
    {
        var positiveOnly = op is "log" or "sqrt" or "rsqrt";
        var x = positiveOnly ? GradCheck.Random(7, [3, 11], 0.9f, 1.5f) : GradCheck.Random(7, [3, 11], 3f);
        if (op == "clamp") { AvoidKinks(x, -0.7f, 0.9f); }

        GradCheck.Check(t => Apply(op, t[0]), [x], output);
    }

    [Theory]
    [InlineData(float.NegativeInfinity, 0.5f, 0.5f)]
    [InlineData(-0.5f, float.PositiveInfinity, -0.5f)]
    public void Clamp_AtBound_PassesGradient(float min, float max, float atBound)
    {
        var x = Tensor.Parameter([atBound, 5f, -5f], 3);
        x.Clamp(min, max).Sum().Backward();
        Assert.Equal(1f, x.Grad[0]); // torch.clamp: bounds inclusive
    }

    [Fact]
    public void MinimumMaximum_Scalar_ClampFromOneSide()
    {
        var x = Tensor.Parameter([-2f, 0.5f, 3f], 3);
        var y = x.Minimum(1f).Add(x.Maximum(0f));
        Assert.Equal([-2f + 0f, 0.5f + 0.5f, 1f + 3f], y.ToArray());
        y.Sum().Backward();
        Assert.Equal([1f, 2f, 1f], x.Grad.ToArray());
    }

    [Fact]
    public void LogSigmoid_LargeMagnitudes_StaysFinite()
    {
        var y = Tensor.From([-200f, 200f], 2).LogSigmoid();
        Assert.Equal(-200f, y.Data[0], 1e-3f);
        Assert.Equal(0f, y.Data[1], 1e-6f);
    }

    private static Tensor Apply(string op, Tensor x) => op switch
    {
        "neg" => x.Neg(),
        "scale" => x.Scale(-1.3f),
        "addscalar" => x.AddScalar(0.7f),
        "exp" => x.Exp(),
        "log" => x.Log(),
        "tanh" => x.Tanh(),
        "sigmoid" => x.Sigmoid(),
        "logsigmoid" => x.LogSigmoid(),
        "square" => x.Square(),
        "sqrt" => x.Sqrt(),
        "rsqrt" => x.Rsqrt(),
        "gelu" => x.Gelu(),
        _ => x.Clamp(-0.7f, 0.9f),
    };

    private static void AvoidKinks(Tensor x, float lo, float hi)
    {
        for (var i = 0; i < x.Size; i++)
        {
            if (MathF.Abs(x.Data[i] - lo) < 0.05f || MathF.Abs(x.Data[i] - hi) < 0.05f) { x.Data[i] += 0.2f; }
        }
    }
}
