using System.Text.Json;
using RaRlhf.Rl;
using RaRlhf.Testing;

namespace RaRlhf.Rl.Tests.Fixtures;

/// <summary>Reads the JSON written by make_trl_fixtures.py (committed beside it).</summary>
internal static class TrlFixture
{
    private static readonly Lazy<JsonElement[]> Steps = new(() => Load("trl_ppo_step.json").EnumerateArray().ToArray());

    public static JsonElement Core { get; } = Load("trl_core.json");

    public static IEnumerable<object[]> StepCaseNames => Steps.Value.Select(c => new object[] { c.GetProperty("name").GetString()! });

    public static JsonElement Step(string name) => Steps.Value.Single(c => c.GetProperty("name").GetString() == name);

    public static float[] Floats(this JsonElement e, string key) =>
        e.GetProperty(key).EnumerateArray().Select(x => (float)x.GetDouble()).ToArray();

    public static double Double(this JsonElement e, string key) => e.GetProperty(key).GetDouble();

    public static TokenMatrix Matrix(this JsonElement e, string key) =>
        new(e.GetProperty("rows").GetInt32(), e.GetProperty("cols").GetInt32(), e.Floats(key));

    private static JsonElement Load(string file)
    {
        var path = Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Rl.Tests", "Fixtures", file);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.Clone();
    }
}
