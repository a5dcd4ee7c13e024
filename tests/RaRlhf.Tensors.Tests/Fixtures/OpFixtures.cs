using System.Text.Json;
using System.Text.Json.Serialization;
using RaRlhf.Tensors.Tests.Autograd;

namespace RaRlhf.Tensors.Tests.Fixtures;

/// <summary>op_fixtures.json, written by make_op_fixtures.py (PyTorch). Inputs are regenerated from their specs.</summary>
public sealed record OpFixtures(
    [property: JsonPropertyName("ops")] List<OpCase> Ops,
    [property: JsonPropertyName("optimizers")] List<OptimizerCase> Optimizers,
    [property: JsonPropertyName("clip_grad_norm")] List<ClipCase> ClipGradNorm)
{
    private static readonly Lazy<OpFixtures> s_loaded = new(Load);

    public static OpFixtures Instance => s_loaded.Value;

    private static OpFixtures Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "op_fixtures.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Fixture {path} missing; it is copied from tests/RaRlhf.Tensors.Tests/Fixtures by the csproj.");
        }

        return JsonSerializer.Deserialize<OpFixtures>(File.ReadAllText(path))
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}

public sealed record InputSpec(
    [property: JsonPropertyName("shape")] int[] Shape,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("scale")] float Scale,
    [property: JsonPropertyName("shift")] float Shift)
{
    public Tensor Make(bool requiresGrad = true) => GradCheck.Random(Seed, Shape, Scale, Shift, requiresGrad);
}

public sealed record OpCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("inputs")] List<InputSpec> Inputs,
    [property: JsonPropertyName("ints")] int[] Ints,
    [property: JsonPropertyName("upstream")] InputSpec Upstream,
    [property: JsonPropertyName("output_shape")] int[] OutputShape,
    [property: JsonPropertyName("output")] float[] Output,
    [property: JsonPropertyName("grads")] List<float[]> Grads)
{
    public override string ToString() => Name;
}

public sealed record OptimizerCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] int Size,
    [property: JsonPropertyName("param_seed")] ulong ParamSeed,
    [property: JsonPropertyName("grad_seed_base")] ulong GradSeedBase,
    [property: JsonPropertyName("lr")] float Lr,
    [property: JsonPropertyName("beta1")] float Beta1,
    [property: JsonPropertyName("beta2")] float Beta2,
    [property: JsonPropertyName("eps")] float Eps,
    [property: JsonPropertyName("weight_decay")] float WeightDecay,
    [property: JsonPropertyName("decoupled")] bool Decoupled,
    [property: JsonPropertyName("trajectory")] List<float[]> Trajectory,
    [property: JsonPropertyName("exp_avg")] float[] ExpAvg,
    [property: JsonPropertyName("exp_avg_sq")] float[] ExpAvgSq);

public sealed record ClipCase(
    [property: JsonPropertyName("max_norm")] float MaxNorm,
    [property: JsonPropertyName("sizes")] int[] Sizes,
    [property: JsonPropertyName("grad_seed_base")] ulong GradSeedBase,
    [property: JsonPropertyName("grad_scale")] float GradScale,
    [property: JsonPropertyName("total_norm")] float TotalNorm,
    [property: JsonPropertyName("clipped")] float[] Clipped);
