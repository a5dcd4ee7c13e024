using RaRlhf.Actors.Configuration;

namespace RaRlhf.Actors.Tests.Configuration;

public sealed class HoconErrorTests
{
    [Theory]
    [InlineData("unclosed-object.conf", 4, 1, "expected '}' to close the object opened at")]
    [InlineData("missing-separator.conf", 2, 3, "expected '=', ':', '+=' or '{' after key 'b' but found 'c'")]
    [InlineData("unterminated-string.conf", 1, 10, "expected '\"' to close the string opened at")]
    [InlineData("unclosed-array.conf", 2, 1, "expected ']' to close the array opened at")]
    [InlineData("bad-escape.conf", 1, 10, "expected an escape")]
    [InlineData("missing-value.conf", 2, 1, "expected a value for key 'a' but found end of file")]
    [InlineData("cycle.conf", 1, 5, "substitution cycle: ${b}")]
    [InlineData("unresolved.conf", 2, 5, "could not resolve ${nope.nothing}")]
    [InlineData("required-include.conf", 1, 1, "required include 'absent.conf' not found")]
    [InlineData("bad-concat.conf", 2, 5, "cannot concatenate array")]
    public void LoadFile_BrokenFixture_ErrorHasFileLineColumnAndExpectation(string name, int line, int column, string expected)
    {
        var file = HoconFixtures.Path(Path.Combine("errors", name));
        var error = Assert.Throws<HoconException>(() => ConfigLoader.LoadFile(file, environment: HoconFixtures.Env()));
        Assert.Equal((line, column), (error.Position.Line, error.Position.Column));
        Assert.EndsWith(name, error.Position.File);
        Assert.StartsWith($"{error.Position}: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void LoadFile_IncludeCycle_ErrorNamesChain()
    {
        var error = Assert.Throws<HoconException>(() =>
            ConfigLoader.LoadFile(HoconFixtures.Path("errors/cycle-a.conf"), environment: HoconFixtures.Env()));
        Assert.Contains("include cycle", error.Message);
        Assert.EndsWith("cycle-b.conf", error.Position.File);
    }

    [Fact]
    public void Parse_ArrayConcatenatedWithObject_ErrorAtValue()
    {
        var error = Assert.Throws<HoconException>(() => ConfigLoader.Parse("x = 1\na = [1] { b = 1 }", "inline"));
        Assert.Equal("inline:2:5", error.Position.ToString());
        Assert.Contains("cannot concatenate array", error.Message);
    }

    [Fact]
    public void Parse_BadSetOverride_ErrorNamesOverride()
    {
        var error = Assert.Throws<HoconException>(() => ConfigLoader.Parse("a = 1", overrides: ["a"]));
        Assert.Contains("--set #1", error.Message);
        Assert.Contains("expected key=value", error.Message);
    }

    [Fact]
    public void GetInt_WrongType_NamesFullPathAndDefinition()
    {
        var config = ConfigLoader.Parse("ppo {\n  batch_size = lots\n}", "run.conf").GetConfig("ppo");
        var error = Assert.Throws<ConfigException>(() => config.GetInt("batch_size"));
        Assert.Equal("ppo.batch_size", error.Path);
        Assert.Contains("'ppo.batch_size' (defined at run.conf:2): expected an integer but found", error.Message);
    }

    [Fact]
    public void GetString_Missing_NamesFullPath()
    {
        var config = ConfigLoader.Parse("ppo { }", "run.conf").GetConfig("ppo");
        var error = Assert.Throws<ConfigException>(() => config.GetString("lr"));
        Assert.Contains("'ppo.lr' is missing", error.Message);
    }

    [Theory]
    [InlineData("GetBool", "a = maybe", "expected a boolean")]
    [InlineData("GetDuration", "a = 10 parsecs", "expected a duration")]
    [InlineData("GetBytes", "a = 3 apples", "expected a size")]
    [InlineData("GetDouble", "a = { b = 1 }", "expected a number but found object")]
    [InlineData("GetStringList", "a = x", "expected a list of strings")]
    [InlineData("GetConfig", "a = [1]", "expected an object but found array")]
    public void Getter_WrongType_Explains(string getter, string text, string expected)
    {
        var config = ConfigLoader.Parse(text, "t.conf");
        var method = typeof(Config).GetMethod(getter)!;
        var error = Assert.Throws<System.Reflection.TargetInvocationException>(() => method.Invoke(config, ["a"]));
        var inner = Assert.IsType<ConfigException>(error.InnerException);
        Assert.Contains(expected, inner.Message);
        Assert.Contains("t.conf:1", inner.Message);
    }
}
