using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Pipeline.Rewards;

/// <summary>Scorer sections from HOCON text, as RunSettings reads them, and where the built sample plug-in is.</summary>
internal static class ScorerConfig
{
    public const string SampleClass = "RaRlhf.Samples.LexiconReward.WordListReward";

    /// <summary><c>reward.scorers.NAME { body }</c> parsed from a file labelled test.conf.</summary>
    public static RewardScorerSection Parse(string body, string name = "s")
    {
        var config = ConfigLoader.Parse($"reward.scorers.{name} {{\n{body}\n}}", "test.conf");
        var reader = new SettingsReader(config);
        var section = RewardScorerSection.Read(name, reader.Section($"reward.scorers.{name}"));
        return reader.Errors.Count == 0 ? section : throw new ConfigValidationException(reader.Errors);
    }

    /// <summary>The tiny run's decoder (token i → "ti"), no logging.</summary>
    public static RewardContext Context(string baseDirectory) =>
        new(TinyRun.Options("unused", 1).Decode, baseDirectory, Serilog.Core.Logger.None);

    /// <summary>A HOCON string literal.</summary>
    public static string Q(string text) => JsonSerializer.Serialize(text);

    /// <summary>The sample's DLL in its own build output, same configuration and framework as this test assembly.</summary>
    public static string SampleDll
    {
        get
        {
            var tfm = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
            var path = Path.Combine(TestData.RepoRoot, "samples", "RaRlhf.Samples.LexiconReward", "bin", tfm.Parent!.Name, tfm.Name,
                "RaRlhf.Samples.LexiconReward.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"the sample plug-in is not built at {path}; build the solution", path);
        }
    }

    public static RewardInput Response(string text) => new("prompt", text, [1], [2]);
}
