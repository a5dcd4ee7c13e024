using RaRlhf.Tensors.Tests.Autograd;
using Xunit.Abstractions;

namespace RaRlhf.Tensors.Tests.Fixtures;

/// <summary>Forward values and input gradients of every op against PyTorch 1.13 (op_fixtures.json).</summary>
public sealed class OpParityTests(ITestOutputHelper output)
{
    // float32 on both sides; differences come from summation order and libm, measured ≤ 3e-7 here.
    private const double Tolerance = 2e-6;

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in OpFixtures.Instance.Ops) { data.Add(c.Name); }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Op_PyTorchFixture_MatchesOutputAndGradients(string name)
    {
        var c = OpFixtures.Instance.Ops.Single(o => o.Name == name);
        Assert.True(OpCatalog.Ops.ContainsKey(name), $"fixture case '{name}' has no C# implementation in OpCatalog");
        var inputs = c.Inputs.Select(s => s.Make()).ToArray();
        var y = OpCatalog.Ops[name](inputs, c.Ints);
        Assert.Equal(c.OutputShape, y.Shape);

        var outDiff = MaxRelativeDiff(c.Output, y.Data);
        y.Backward(c.Upstream.Make(requiresGrad: false).Data);
        output.WriteLine($"{name}: max |Δ| / (1 + |ref|) output {outDiff:G3}");
        Assert.True(outDiff <= Tolerance, $"{name} output differs by {outDiff:G3}");
        for (var i = 0; i < inputs.Length; i++)
        {
            var gradDiff = MaxRelativeDiff(c.Grads[i], inputs[i].Grad);
            output.WriteLine($"{name}: grad {i} {gradDiff:G3}");
            Assert.True(gradDiff <= Tolerance, $"{name} gradient of input {i} differs by {gradDiff:G3}");
        }
    }

    [Fact]
    public void Catalog_EveryImplementation_HasAFixture()
    {
        var fixtureNames = OpFixtures.Instance.Ops.Select(o => o.Name).ToHashSet();
        var missing = OpCatalog.Ops.Keys.Where(k => !fixtureNames.Contains(k)).ToList();
        Assert.True(missing.Count == 0, "no fixture for: " + string.Join(", ", missing));
    }

    internal static double MaxRelativeDiff(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs((double)expected[i] - actual[i]) / (1 + Math.Abs((double)expected[i])));
        }

        return worst;
    }
}
