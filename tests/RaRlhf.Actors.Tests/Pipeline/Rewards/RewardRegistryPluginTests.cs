using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Plugins;
using RaRlhf.Testing;
using static RaRlhf.Actors.Tests.Pipeline.Rewards.ScorerConfig;

namespace RaRlhf.Actors.Tests.Pipeline.Rewards;

/// <summary>The sample plug-in (samples/RaRlhf.Samples.LexiconReward) loaded from its build output, and every way loading can fail.</summary>
public sealed class RewardRegistryPluginTests
{
    private static string Plugin(string assembly, string type, string keys = "positive = [good]") =>
        $"type = plugin\nassembly = {Q(assembly)}\nclass = {Q(type)}\n{keys}";

    [Fact]
    public async Task Create_SamplePlugin_ScoresLikeAnIndependentWordCount()
    {
        var scorer = Parse(Plugin(SampleDll, SampleClass, "positive = [good, Great]\nnegative = [bad]\nnegative_weight = 1.5"), "my-lexicon");
        var reward = RewardRegistry.Create(scorer, Context(TestData.RepoRoot));
        string[] texts = ["Good, GREAT and bad.", "nothing here", "bad bad good-ish", "", "goodness is not good"];

        var output = await reward.ScoreAsync(texts.Select(Response).ToArray(), default);

        // Independent reference: split on spaces and punctuation by hand, compare words lower-cased.
        var words = texts.Select(t => t.ToLowerInvariant().Split([' ', ',', '.', '-'], StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var expected = words.Select(w => w.Count(x => x is "good" or "great") - 1.5f * w.Count(x => x == "bad")).ToArray();
        Assert.Equal([1 + 1 - 1.5f, 0, 1 - 3f, 0, 1], expected); // the reference itself, by hand
        Assert.Equal(expected, output.Scores);
        Assert.Equal(words.Sum(w => w.Count(x => x == "bad")) / 5.0, output.Extra["sample/negative_words_per_response"], 12);
        Assert.Equal("word-list(+2/-1)", reward.Name);
        Assert.NotSame(typeof(RewardRegistry).Assembly, reward.GetType().Assembly);
        Assert.IsAssignableFrom<IRewardModel>(reward); // the host's interface: RaRlhf.Actors was shared, not reloaded
    }

    [Fact]
    public void Create_RelativeAssemblyPath_ResolvesAgainstBaseDirectory()
    {
        var relative = Path.GetRelativePath(TestData.RepoRoot, SampleDll);
        var reward = RewardRegistry.Create(Parse(Plugin(relative, SampleClass)), Context(TestData.RepoRoot));

        Assert.Equal("word-list(+1/-0)", reward.Name);
    }

    [Fact]
    public void Create_SampleConfFromReadme_LoadsThroughRunSettings()
    {
        var conf = Path.Combine(TestData.RepoRoot, "samples", "RaRlhf.Samples.LexiconReward", "my-lexicon.conf");
        var settings = RunSettings.Load(RaRlhf.Actors.Configuration.ConfigLoader.LoadFile(conf, ["reward.use = my-lexicon"]));

        var reward = RewardRegistry.Create(settings.Reward.Selected, Context(TestData.RepoRoot));

        Assert.Equal("plugin", settings.Reward.Selected.Type);
        Assert.Equal("word-list(+4/-3)", reward.Name);
    }

    [Fact]
    public void Create_AssemblyMissing_NamesKeyFileAndBuildStep()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-plugin.dll");
        var e = Assert.Throws<ConfigValidationException>(() => RewardRegistry.Create(Parse(Plugin(missing, SampleClass)), Context("/")));

        Assert.Contains("reward.scorers.s.assembly", e.Message);
        Assert.Contains(missing, e.Message);
        Assert.Contains("test.conf:3", e.Message);
        Assert.Contains("dotnet build", e.Message);
    }

    [Fact]
    public void Create_NotAnAssembly_NamesKeyAndFile()
    {
        var fake = Path.Combine(Path.GetTempPath(), $"rarlhf-fake-{Guid.NewGuid():N}.dll");
        File.WriteAllText(fake, "not a PE file");
        try
        {
            var e = Assert.Throws<ConfigValidationException>(() => RewardRegistry.Create(Parse(Plugin(fake, SampleClass)), Context("/")));

            Assert.Contains("reward.scorers.s.assembly", e.Message);
            Assert.Contains(fake, e.Message);
            Assert.Contains(".NET assembly", e.Message);
        }
        finally
        {
            File.Delete(fake);
        }
    }

    [Fact]
    public void Create_ClassMissing_NamesKeyAndListsTheRewardTypesThere()
    {
        var e = Assert.Throws<ConfigValidationException>(() =>
            RewardRegistry.Create(Parse(Plugin(SampleDll, "RaRlhf.Samples.LexiconReward.Nope")), Context("/")));

        Assert.Contains("reward.scorers.s.class", e.Message);
        Assert.Contains("no public type of that name", e.Message);
        Assert.Contains(SampleClass, e.Message);
    }

    [Fact]
    public void Create_ClassIsNotARewardModel_SaysWhichInterfaceToImplement()
    {
        var tensors = Path.Combine(Path.GetDirectoryName(SampleDll)!, "RaRlhf.Tensors.dll");
        var e = Assert.Throws<ConfigValidationException>(() =>
            RewardRegistry.Create(Parse(Plugin(tensors, "RaRlhf.Tensors.SplitMix64")), Context("/")));

        Assert.Contains("reward.scorers.s.class", e.Message);
        Assert.Contains("not a concrete class implementing RaRlhf.Actors.Pipeline.Rewards.IRewardModel", e.Message);
    }

    [Fact]
    public void Create_NoContextConstructor_SaysWhichConstructorIsNeeded()
    {
        var actors = typeof(RewardRegistry).Assembly.Location;
        var e = Assert.Throws<ConfigValidationException>(() =>
            RewardRegistry.Create(Parse(Plugin(actors, typeof(TokenCountReward).FullName!)), Context("/")));

        Assert.Contains("reward.scorers.s.class", e.Message);
        Assert.Contains("needs a public constructor (RewardPluginContext context)", e.Message);
    }

    [Fact]
    public void Create_ConstructorRejectsItsSettings_NamesThePluginsKey()
    {
        var e = Assert.Throws<ConfigValidationException>(() =>
            RewardRegistry.Create(Parse(Plugin(SampleDll, SampleClass, "positive = []")), Context("/")));

        Assert.Contains("config key 'reward.scorers.s.positive' (set at test.conf:5)", e.Message);
        Assert.Contains("list at least one word", e.Message);
    }

    [Fact]
    public void Create_PluginKeyOfWrongType_NamesKeyAndExpectedType()
    {
        var e = Assert.Throws<ConfigValidationException>(() =>
            RewardRegistry.Create(Parse(Plugin(SampleDll, SampleClass, "positive = [good]\nnegative_weight = lots")), Context("/")));

        Assert.Contains("reward.scorers.s.negative_weight", e.Message);
        Assert.Contains("a number", e.Message);
    }

    [Fact]
    public void Create_ConstructorThrows_NamesTypeAndException()
    {
        var e = Assert.Throws<ConfigValidationException>(() =>
            RewardRegistry.Create(Parse(Plugin(typeof(ThrowingReward).Assembly.Location, typeof(ThrowingReward).FullName!)), Context("/")));

        Assert.Contains("reward.scorers.s.class", e.Message);
        Assert.Contains($"the constructor of {typeof(ThrowingReward).FullName} threw InvalidOperationException: the scorer's server is unreachable", e.Message);
    }

    [Fact]
    public void Create_MissingAssemblyAndClassKeys_ReportsBoth()
    {
        var e = Assert.Throws<ConfigValidationException>(() => RewardRegistry.Create(Parse("type = plugin"), Context("/")));

        Assert.Equal(2, e.Errors.Count);
        Assert.Contains("reward.scorers.s.assembly", e.Errors[0]);
        Assert.Contains("reward.scorers.s.class", e.Errors[1]);
    }

    [Fact]
    public void PluginContext_Getters_ReadTypedValuesFallbacksAndPaths()
    {
        var scorer = Parse("type = plugin\nn = 3\nx = 0.5\nflag = on\nwait = 250ms\nwords = [a, b]\nfile = data/w.txt");
        var context = new RewardPluginContext("s", scorer.Settings, Context("/base"));

        Assert.Equal((3, 0.5, true, TimeSpan.FromMilliseconds(250)), (context.GetInt("n"), context.GetDouble("x"), context.GetBool("flag"), context.GetDuration("wait")));
        Assert.Equal(["a", "b"], context.GetStringList("words"));
        Assert.Equal(7, context.GetInt("absent", 7));
        Assert.Equal("/base/data/w.txt", context.GetPath("file"));
        Assert.Equal("reward.scorers.s.n", context.KeyPath("n"));
        var missing = Assert.Throws<ConfigValidationException>(() => context.GetInt("absent"));
        Assert.Contains("reward.scorers.s.absent", missing.Message);
    }
}
