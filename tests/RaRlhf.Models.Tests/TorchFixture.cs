using System.Text.Json;
using RaRlhf.Tensors;
using RaRlhf.Testing;

namespace RaRlhf.Models.Tests;

/// <summary>A parity fixture written by Fixtures/make_gpt2_fixtures.py (see its docstring for how to regenerate).</summary>
internal sealed class TorchFixture
{
    private TorchFixture(JsonElement root) => Root = root;

    public JsonElement Root { get; }

    public int B => Root.GetProperty("B").GetInt32();

    public int T => Root.GetProperty("T").GetInt32();

    public static TorchFixture Load(string name) =>
        new(JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Models.Tests", "Fixtures", name))).RootElement);

    public Gpt2Config Config()
    {
        var c = Root.GetProperty("config");
        var inner = c.GetProperty("n_inner");
        return new Gpt2Config(c.GetProperty("n_layer").GetInt32(), c.GetProperty("n_head").GetInt32(), c.GetProperty("n_embd").GetInt32(),
            c.GetProperty("n_positions").GetInt32(), c.GetProperty("vocab_size").GetInt32(), (float)c.GetProperty("layer_norm_epsilon").GetDouble(),
            inner.ValueKind == JsonValueKind.Null ? null : inner.GetInt32());
    }

    public int[] Ints(params string[] path) => Get(path).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public double[] Doubles(params string[] path) => Get(path).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public double Double(params string[] path) => Get(path).GetDouble();

    public JsonElement Get(params string[] path) => path.Aggregate(Root, (e, key) => e.GetProperty(key));

    /// <summary>
    /// The model the fixture was made from: tiny-random-gpt2 from the data dir, or the splitmix64 weights that the
    /// script's generated_weights() produces (LN weights 1 ± 0.1, biases ± 0.02, others ± 0.1 from the flat index).
    /// </summary>
    public static Gpt2Model Model(string name, TorchFixture fixture)
    {
        if (name.Contains("tiny", StringComparison.Ordinal))
        {
            return Gpt2Checkpoint.Load(TestData.Require("tiny-random-gpt2"));
        }

        var model = new Gpt2Model(fixture.Config());
        foreach (var v in model.Layout.Views)
        {
            for (var i = 0; i < v.Length; i++)
            {
                var u = 2.0 * SplitMix64.Uniform(1234, (ulong)(v.Offset + i)) - 1.0;
                var value = v.Name.Contains("ln_", StringComparison.Ordinal) && v.Name.EndsWith(".weight", StringComparison.Ordinal) ? 1.0 + 0.1 * u
                    : v.Name.EndsWith(".bias", StringComparison.Ordinal) ? 0.02 * u
                    : 0.1 * u;
                model.Parameters[v.Offset + i] = (float)value;
            }
        }

        return model;
    }
}
