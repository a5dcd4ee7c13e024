using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests;

public sealed class DataCommandTests
{
    [Fact]
    public void DataCheck_SharedData_ExitsZeroWithExpectedRowCounts()
    {
        var data = TestData.Require(".");
        var (code, stdout, stderr) = CliRunner.Run("data", "check", "--data", data);
        Assert.True(code == 0, $"data check failed ({code}): {stdout}{stderr}");
        // Row counts from data/README: IMDB train 25,000 and unsup 50,000; the Jigsaw binary and multilabel files;
        // RealToxicityPrompts. Each appears as "<count> rows" beside its file.
        foreach (var rows in new[] { "25,000 rows", "50,000 rows", "12,180 rows", "2,281 rows", "5,000 rows" })
        {
            Assert.Contains(rows, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("all dataset files OK", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DataCheck_MissingDirectory_ExitsNonZeroNamingThePath()
    {
        var missing = Path.Combine(Path.GetTempPath(), "rarlhf-no-data-" + Guid.NewGuid().ToString("N"));
        var (code, _, stderr) = CliRunner.Run("data", "check", "--data", missing);
        Assert.NotEqual(0, code);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
    }
}
