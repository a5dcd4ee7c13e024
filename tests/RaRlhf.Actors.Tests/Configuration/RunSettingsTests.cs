using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Configuration;

public sealed class RunSettingsTests
{
    private static string Conf(string name) => Path.Combine(TestData.RepoRoot, "hocon", name);

    private static RunSettings Load(string name, params string[] overrides) =>
        RunSettings.Load(ConfigLoader.LoadFile(Conf(name), overrides, HoconFixtures.Env()));

    [Fact]
    public void Load_ReferenceConf_Trl072Defaults()
    {
        var s = Load("reference.conf");
        Assert.Equal(new PpoSection(1.41e-5, 128, 128, 4, 1.0, 0.95, 0.2, 0.2, 0.1, 0.2, 6, 10000, true, 10), s.Ppo);
        Assert.Equal(new GenerationSection(64, 48, 0, 1.0, 1.0), s.Generation);
        Assert.Equal(0, s.Pipeline.MaxStaleness);
        Assert.Equal("runs/default/state.db", s.Persistence.SqlitePath);
        Assert.False(s.Logging.Seq.Enabled);
        Assert.Equal("classifier", s.Reward.Selected.Type);
        Assert.Equal(["classifier", "http", "lexicon"], s.Reward.Scorers.Keys.Order());
    }

    [Theory]
    [InlineData("tasks/imdb.conf", 0.4, 64, 48, 1)]
    [InlineData("tasks/jigsaw.conf", 0.2, 8, 32, -1)]
    [InlineData("tasks/rtp.conf", 0.2, 32, 32, -1)]
    public void Load_TaskOverlay_PaperSettings(string name, double alpha, int promptTokens, int genLen, int sign)
    {
        var config = ConfigLoader.LoadFile(Conf(name), environment: HoconFixtures.Env());
        var s = RunSettings.Load(config);
        Assert.Equal(new RiskSection(RiskScheduleKind.Soft, alpha, 30, 0.95), s.Risk);
        Assert.Equal((promptTokens, genLen), (s.Generation.PromptTokens, s.Generation.GenLen));
        Assert.Equal(sign, config.GetInt("reward.scorers.classifier.sign"));
        Assert.Equal(s.Run.Dir + "/state.db", s.Persistence.SqlitePath);
    }

    [Fact]
    public void Load_LocalConf_RunDirFeedsDerivedPaths()
    {
        var s = Load("local.conf", "run.dir = /tmp/r1");
        Assert.Equal("/tmp/r1/state.db", s.Persistence.SqlitePath);
        Assert.Equal("/tmp/r1/logs/rarlhf-.clef", s.Logging.FilePath);
    }

    [Fact]
    public void Load_EnvironmentVariables_FillDataDirAndSeq()
    {
        var config = ConfigLoader.LoadFile(Conf("local.conf"), environment: HoconFixtures.Env(
            ("RARLHF_DATA", "/mnt/data"), ("RARLHF_SEQ_URL", "http://seq:5341"), ("RARLHF_SEQ_API_KEY", "k1")));
        var s = RunSettings.Load(config);
        Assert.Equal("/mnt/data", s.Run.DataDir);
        Assert.Equal("/mnt/data/gpt2-tokenizer/tokenizer.json", s.Model.Tokenizer);
        Assert.Equal(("http://seq:5341", "k1"), (s.Logging.Seq.Url, s.Logging.Seq.ApiKey));
        Assert.True(s.Logging.Seq.Enabled);
    }

    [Theory]
    [InlineData("risk.alpha = 1.5", "'risk.alpha' = 1.5 (set at --set #1:1): must be in (0, 1]")]
    [InlineData("risk.alpha = 0", "'risk.alpha' = 0 (set at --set #1:1): must be in (0, 1]")]
    [InlineData("ppo.batch_size = 0", "'ppo.batch_size' = 0 (set at --set #1:1): must be > 0")]
    [InlineData("risk.schedule = cosine", "'risk.schedule' = cosine (set at --set #1:1): must be one of soft | linear | constant")]
    [InlineData("ppo.mini_batch_size = 48", "'ppo.mini_batch_size' = 48 (set at --set #1:1): must divide ppo.batch_size (128)")]
    [InlineData("reward.use = oracle", "'reward.use' = oracle (set at --set #1:1): no scorer of that name")]
    [InlineData("reward.scorers.x.type = magic", "'reward.scorers.x.type' = magic (set at --set #1:1): must be one of classifier | lexicon | http")]
    [InlineData("logging.seq.url = not-a-url", "'logging.seq.url' = not-a-url (set at --set #1:1): must be empty (off) or an absolute http(s) URL")]
    [InlineData("pipeline.mailbox.rollout = 0", "'pipeline.mailbox.rollout' = 0 (set at --set #1:1): must be > 0")]
    [InlineData("ppo.lam = lots", "'ppo.lam' (defined at --set #1:1): expected a number but found value \"lots\"")]
    public void Load_InvalidValue_RejectedWithKeyPathOriginAndReason(string set, string expected)
    {
        var error = Assert.Throws<ConfigValidationException>(() => Load("local.conf", set));
        Assert.Contains(error.Errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_SeveralProblems_AllReported()
    {
        var error = Assert.Throws<ConfigValidationException>(() => Load("local.conf", "risk.alpha = 2", "ppo.ppo_epochs = 0", "risk.rho = -1"));
        Assert.Equal(3, error.Errors.Count);
    }

    [Fact]
    public void Load_MissingSection_NamesIt()
    {
        var error = Assert.Throws<ConfigValidationException>(() =>
            RunSettings.Load(ConfigLoader.LoadFile(Conf("reference.conf"), ["ppo = null"], HoconFixtures.Env())));
        Assert.Contains(error.Errors, e => e.Contains("'ppo'", StringComparison.Ordinal));
    }
}
