using RaRlhf.Actors.Configuration;

namespace RaRlhf.Actors.Tests.Configuration;

public sealed class HoconSubstitutionTests
{
    private readonly Config _config = ConfigLoader.LoadFile(HoconFixtures.Path("substitutions.conf"),
        environment: HoconFixtures.Env(("RARLHF_TEST_HOME", "/home/test")));

    [Fact]
    public void Resolve_SubstitutionConcatenatedWithString_Joined()
    {
        Assert.Equal("/data/runs", _config.GetString("path"));
    }

    [Fact]
    public void Resolve_ForwardReference_Resolved()
    {
        Assert.Equal(42, _config.GetInt("forward"));
    }

    [Fact]
    public void Resolve_SelfReference_ReadsPreviousValue()
    {
        Assert.Equal("a:b:c", _config.GetString("path2"));
    }

    [Fact]
    public void Resolve_ObjectSubstitutionThenField_Merged()
    {
        Assert.Equal(1, _config.GetInt("copy.p"));
        Assert.Equal(2, _config.GetInt("copy.q"));
        Assert.False(_config.HasPath("obj.q"));
    }

    [Fact]
    public void Resolve_OptionalEnvSet_UsesEnvironment()
    {
        Assert.Equal("/home/test", _config.GetString("home"));
        Assert.Equal("/home/test", _config.GetString("from_env"));
    }

    [Fact]
    public void Resolve_OptionalEnvMissing_KeepsPreviousValueOrLeavesUnset()
    {
        Assert.Equal("default", _config.GetString("url"));
        Assert.False(_config.HasPath("seq.url"));
    }

    [Fact]
    public void Resolve_ReferenceToLaterOverriddenKey_SeesFinalValue()
    {
        Assert.Equal(2, _config.GetInt("ref2"));
    }

    [Fact]
    public void Resolve_SetOverrideOfReferencedKey_PropagatesToReferences()
    {
        var config = ConfigLoader.LoadFile(HoconFixtures.Path("substitutions.conf"), ["base = /elsewhere"],
            HoconFixtures.Env(("RARLHF_TEST_HOME", "/h")));
        Assert.Equal("/elsewhere/runs", config.GetString("path"));
        Assert.Equal("/elsewhere", config.GetString("overridden"));
    }

    [Fact]
    public void Resolve_SelfReferenceInSetOverride_AppendsToPrevious()
    {
        var config = ConfigLoader.LoadFile(HoconFixtures.Path("substitutions.conf"), ["path2 = ${path2}\":d\""],
            HoconFixtures.Env(("RARLHF_TEST_HOME", "/h")));
        Assert.Equal("a:b:c:d", config.GetString("path2"));
    }

    [Fact]
    public void Resolve_SelfReferenceWithoutPrevious_FallsBackToEnvironment()
    {
        var config = ConfigLoader.Parse("PATH = ${PATH}\":/extra\"", environment: HoconFixtures.Env(("PATH", "/bin")));
        Assert.Equal("/bin:/extra", config.GetString("PATH"));
    }

    [Fact]
    public void Resolve_SubstitutionsInArray_ResolvedAndUndefinedOptionalDropped()
    {
        Assert.Equal(["/data", "x"], _config.GetStringList("in_array"));
    }

    [Fact]
    public void Resolve_ObjectConcatenation_Merged()
    {
        Assert.Equal((1, 3), (_config.GetInt("extended.p"), _config.GetInt("extended.r")));
    }

    [Fact]
    public void Resolve_ArrayConcatenation_Appended()
    {
        Assert.Equal(["1", "/data", "x"], _config.GetStringList("lists"));
    }
}
