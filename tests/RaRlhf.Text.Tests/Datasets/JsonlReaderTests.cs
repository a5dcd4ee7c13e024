using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

public sealed class JsonlReaderTests
{
    private const string Good =
        "{\"id\":1,\"ok\":true,\"prompt\":{\"text\":\"hi \\\"there\\\"\",\"toxicity\":0.75}}\r\n" +
        "{\"id\":2,\"ok\":false,\"prompt\":{\"text\":\"naïve\",\"toxicity\":null}}\n";

    [Fact]
    public void Read_NestedPathsNumbersAndNull_ReturnsTypedValues()
    {
        using var jsonl = JsonlReader.FromString(Good);
        Assert.True(jsonl.Read());
        Assert.Equal(1, jsonl.GetInt64("id"));
        Assert.True(jsonl.GetBoolean("ok"));
        Assert.Equal("hi \"there\"", jsonl.GetString("prompt.text"));
        Assert.Equal(0.75, jsonl.GetNullableDouble("prompt.toxicity"));
        Assert.True(jsonl.Read());
        Assert.Equal(2, jsonl.LineNumber);
        Assert.Equal("naïve", jsonl.GetString("prompt.text"));
        Assert.Null(jsonl.GetNullableDouble("prompt.toxicity"));
        Assert.False(jsonl.Has("prompt.severity"));
        Assert.False(jsonl.Read());
    }

    [Theory]
    [InlineData("{\"a\":1}\n{\"a\":\n", 2, "bad JSON")]
    [InlineData("{\"a\":1}\n\n{\"a\":2}\n", 2, "blank line")]
    [InlineData("{\"a\":1}\n[1,2]\n", 2, "JSON Array, not an object")]
    public void Read_MalformedLine_ThrowsWithFileAndLine(string text, long line, string problem)
    {
        using var file = new TempFile(text, ".jsonl");
        using var jsonl = JsonlReader.Open(file.Path);
        var error = Assert.Throws<DatasetFormatException>(() =>
        {
            while (jsonl.Read())
            {
            }
        });
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"{file.Path}:{line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_MissingNestedField_NamesThePath()
    {
        using var jsonl = JsonlReader.FromString("{\"prompt\":{\"text\":\"x\"}}\n", "rtp.jsonl");
        jsonl.Read();
        var error = Assert.Throws<DatasetFormatException>(() => jsonl.GetNullableDouble("prompt.toxicity"));
        Assert.Equal("rtp.jsonl:1: missing field 'prompt.toxicity'. Add the field or fix its name", error.Message);
    }

    [Theory]
    [InlineData("{\"v\":\"0.5\"}", "field 'v' is the string \"0.5\" where a number or null is expected")]
    [InlineData("{\"v\":[1]}", "field 'v' is an array where a number or null is expected")]
    public void GetNullableDouble_WrongType_NamesFieldAndValue(string line, string problem)
    {
        using var jsonl = JsonlReader.FromString(line + "\n", "t.jsonl");
        jsonl.Read();
        var error = Assert.Throws<DatasetFormatException>(() => jsonl.GetNullableDouble("v"));
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void GetString_Null_IsWrongType()
    {
        using var jsonl = JsonlReader.FromString("{\"prompt\":{\"text\":null}}\n");
        jsonl.Read();
        var error = Assert.Throws<DatasetFormatException>(() => jsonl.GetString("prompt.text"));
        Assert.Contains("field 'prompt.text' is null where a string is expected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_ThroughNonObject_SaysWhichParentIsNotAnObject()
    {
        using var jsonl = JsonlReader.FromString("{\"prompt\":\"flat\"}\n");
        jsonl.Read();
        var error = Assert.Throws<DatasetFormatException>(() => jsonl.GetString("prompt.text"));
        Assert.Contains("field 'prompt' is the string \"flat\", not an object", error.Message, StringComparison.Ordinal);
    }
}
