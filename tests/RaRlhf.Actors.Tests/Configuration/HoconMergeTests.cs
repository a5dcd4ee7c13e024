using RaRlhf.Actors.Configuration;

namespace RaRlhf.Actors.Tests.Configuration;

public sealed class HoconMergeTests
{
    private readonly Config _config = ConfigLoader.LoadFile(HoconFixtures.Path("merge.conf"), environment: HoconFixtures.Env());

    [Fact]
    public void LoadFile_SameObjectTwice_FieldsMergeLaterWins()
    {
        Assert.Equal(1, _config.GetInt("a.x"));
        Assert.Equal(20, _config.GetInt("a.y"));
        Assert.Equal(30, _config.GetInt("a.z"));
    }

    [Fact]
    public void LoadFile_ObjectThenScalar_ScalarReplaces()
    {
        Assert.Equal("replaced", _config.GetString("b"));
    }

    [Fact]
    public void LoadFile_ScalarThenObject_ObjectReplaces()
    {
        Assert.Equal("object", _config.GetString("c.now"));
    }

    [Fact]
    public void LoadFile_PlusEquals_Appends()
    {
        Assert.Equal(["1", "2", "3"], _config.GetStringList("items"));
        Assert.Equal(["first"], _config.GetStringList("fresh"));
    }

    [Fact]
    public void WithFallback_BothHaveKey_ReceiverWinsObjectsMerge()
    {
        var over = ConfigLoader.Parse("a { y = 200 }, only = here", environment: HoconFixtures.Env());
        var merged = over.WithFallback(_config);
        Assert.Equal(200, merged.GetInt("a.y"));
        Assert.Equal(1, merged.GetInt("a.x"));
        Assert.Equal("here", merged.GetString("only"));
        Assert.Equal("replaced", merged.GetString("b"));
    }

    [Fact]
    public void LoadFile_SetOverrides_ParsedAsHoconAndWin()
    {
        var config = ConfigLoader.LoadFile(HoconFixtures.Path("merge.conf"),
            ["a.x = 100", "items += 4", "b { now = obj }", "c.note = \"quoted text\""], HoconFixtures.Env());
        Assert.Equal(100, config.GetInt("a.x"));
        Assert.Equal(20, config.GetInt("a.y"));
        Assert.Equal(["1", "2", "3", "4"], config.GetStringList("items"));
        Assert.Equal("obj", config.GetString("b.now"));
        Assert.Equal("quoted text", config.GetString("c.note"));
    }

    [Fact]
    public void LoadFile_IncludeRelativeToFile_MergedAndOverridable()
    {
        var config = ConfigLoader.LoadFile(HoconFixtures.Path("main.conf"), environment: HoconFixtures.Env());
        Assert.Equal("overridden", config.GetString("shared.value"));
        Assert.Equal("from-include", config.GetString("own"));
    }

    [Fact]
    public void LoadFile_IncludeInsideObject_SubstitutionsRelativeToIncludePoint()
    {
        var config = ConfigLoader.LoadFile(HoconFixtures.Path("main.conf"), environment: HoconFixtures.Env());
        Assert.Equal(5, config.GetInt("nest.inner"));
        Assert.Equal(5, config.GetInt("nest.ref"));
        Assert.False(config.HasPath("inner"));
    }

    [Theory]
    [InlineData("include required(\"included.conf\")")]
    [InlineData("include file(\"included.conf\")")]
    [InlineData("include required(file(\"included.conf\"))")]
    public void Parse_IncludeForms_ReadRelativeToDirectory(string include)
    {
        var config = ConfigLoader.Parse(include + "\nshared.extra = 1", "inline", environment: HoconFixtures.Env(), directory: HoconFixtures.Dir);
        Assert.Equal("original", config.GetString("shared.value"));
        Assert.Equal(1, config.GetInt("shared.extra"));
    }

    [Fact]
    public void LoadFile_SetValueNotHocon_TakenAsPlainString()
    {
        var config = ConfigLoader.LoadFile(HoconFixtures.Path("merge.conf"), ["url=http://localhost:5341/x"], HoconFixtures.Env());
        Assert.Equal("http://localhost:5341/x", config.GetString("url"));
    }

    [Fact]
    public void Parse_UnquotedUrl_ErrorSuggestsQuoting()
    {
        var error = Assert.Throws<HoconException>(() => ConfigLoader.Parse("url = http://x", "inline"));
        Assert.Equal("inline:1:11", error.Position.ToString());
        Assert.Contains("quote values such as URLs", error.Message);
    }
}
