using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Configuration;

/// <summary>Paths of the hand-written HOCON fixtures beside these tests.</summary>
internal static class HoconFixtures
{
    public static string Dir { get; } = System.IO.Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Actors.Tests", "Configuration", "Fixtures");

    public static string Path(string name) => System.IO.Path.Combine(Dir, name);

    /// <summary>An environment with only the given variables (tests never read the real one).</summary>
    public static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;
}
