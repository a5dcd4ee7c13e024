using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Configuration;

public sealed class ConfigToolTests
{
    private static readonly string Local = Path.Combine(TestData.RepoRoot, "hocon", "local.conf");

    private static (int Code, string Out, string Err) Run(Func<TextWriter, TextWriter, int> tool)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = tool(output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Show_Hocon_ReparsesToSameTree()
    {
        var (code, text, _) = Run((o, e) => ConfigTool.Show(Local, ["risk.alpha = 0.5"], json: false, o, e, HoconFixtures.Env()));
        Assert.Equal(ConfigTool.Ok, code);
        var reparsed = ConfigLoader.Parse(text, "shown", environment: HoconFixtures.Env());
        var original = ConfigLoader.LoadFile(Local, ["risk.alpha = 0.5"], HoconFixtures.Env());
        Assert.Equal(original.Render(json: true), reparsed.Render(json: true));
        Assert.Equal(0.5, reparsed.GetDouble("risk.alpha"));
    }

    [Fact]
    public void Show_Json_ParsesWithTypedValues()
    {
        var (code, text, _) = Run((o, e) => ConfigTool.Show(Local, ["run.seed = 7"], json: true, o, e, HoconFixtures.Env(("RARLHF_DATA", "/d"))));
        Assert.Equal(ConfigTool.Ok, code);
        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        Assert.Equal(7, root.GetProperty("run").GetProperty("seed").GetInt32());
        Assert.Equal("/d", root.GetProperty("run").GetProperty("data_dir").GetString());
        Assert.Equal("on", root.GetProperty("ppo").GetProperty("adap_kl_ctrl").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("ppo").GetProperty("batch_size").ValueKind);
        Assert.Equal(1.41e-5, root.GetProperty("ppo").GetProperty("learning_rate").GetDouble());
    }

    [Fact]
    public void Validate_ShippedConfigs_Valid()
    {
        foreach (var file in new[] { "local.conf", "reference.conf", "tasks/imdb.conf", "tasks/jigsaw.conf", "tasks/rtp.conf" })
        {
            var (code, text, err) = Run((o, e) => ConfigTool.Validate(Path.Combine(TestData.RepoRoot, "hocon", file), [], o, e, HoconFixtures.Env()));
            Assert.True(code == ConfigTool.Ok, $"{file}: {err}");
            Assert.EndsWith("valid" + Environment.NewLine, text);
        }
    }

    [Fact]
    public void Validate_BadValues_ExitOneWithKeyPaths()
    {
        var (code, _, err) = Run((o, e) => ConfigTool.Validate(Local, ["risk.alpha = 3", "ppo.batch_size = -1"], o, e, HoconFixtures.Env()));
        Assert.Equal(ConfigTool.Invalid, code);
        Assert.Contains("'risk.alpha' = 3", err);
        Assert.Contains("'ppo.batch_size' = -1", err);
        Assert.Contains("2 problem(s)", err);
    }

    [Fact]
    public void Validate_SyntaxError_ExitOneWithFileLineColumn()
    {
        var file = HoconFixtures.Path("errors/missing-separator.conf");
        var (code, _, err) = Run((o, e) => ConfigTool.Validate(file, [], o, e, HoconFixtures.Env()));
        Assert.Equal(ConfigTool.Invalid, code);
        Assert.Contains("missing-separator.conf:2:3: expected", err);
    }

    [Fact]
    public void Show_MissingFile_ExitTwo()
    {
        var (code, _, err) = Run((o, e) => ConfigTool.Show("/no/such/file.conf", [], json: false, o, e, HoconFixtures.Env()));
        Assert.Equal(ConfigTool.NotFound, code);
        Assert.Contains("'/no/such/file.conf' not found", err);
    }

    [Fact]
    public void Show_SecretFromEnvironment_RedactedUnlessAsked()
    {
        var env = HoconFixtures.Env(("RARLHF_SEQ_API_KEY", "s3cret"));
        var (_, hidden, _) = Run((o, e) => ConfigTool.Show(Local, [], json: false, o, e, env));
        var (_, shown, _) = Run((o, e) => ConfigTool.Show(Local, [], json: false, o, e, env, showSecrets: true));
        Assert.DoesNotContain("s3cret", hidden);
        Assert.Contains("api_key = \"(redacted)\"", hidden);
        Assert.Contains("api_key = \"s3cret\"", shown);
        Assert.Contains("connection_string = \"\"", hidden);
    }

    [Fact]
    public void Validate_MisspeltKey_WarnsButValid()
    {
        var (code, text, err) = Run((o, e) => ConfigTool.Validate(Local, ["ppo.batchsize = 64", "reward.scorers.lexicon.extra = 1"], o, e, HoconFixtures.Env()));
        Assert.Equal(ConfigTool.Ok, code);
        Assert.Contains("warning: config key 'ppo.batchsize' (set at --set #1:1) is not a known setting", err);
        Assert.DoesNotContain("reward.scorers.lexicon.extra", err);
        Assert.Contains("valid (1 unknown key(s), see warnings)", text);
    }

    [Fact]
    public void Validate_ShippedConfigs_NoUnknownKeys()
    {
        var config = ConfigLoader.LoadFile(Path.Combine(TestData.RepoRoot, "hocon", "tasks", "rtp.conf"), environment: HoconFixtures.Env());
        Assert.Empty(RaRlhf.Actors.Configuration.Settings.RunSettings.UnknownKeys(config));
    }
}
