using System.Text.Json;
using RaRlhf.Rl.Risk;

namespace RaRlhf.Cli.Tests;

public sealed class RiskCommandTests
{
    [Fact]
    public void RiskSchedule_PaperSettingsJson_MatchesRiskScheduleAndShape()
    {
        var (code, stdout, stderr) = CliRunner.Run(
            "risk", "schedule", "--batch", "128", "--iterations", "194", "--alpha", "0.4", "--warmup", "30", "--rho", "0.95", "--json");
        Assert.True(code == 0, $"risk schedule failed ({code}): {stderr}");
        var counts = JsonSerializer.Deserialize<int[]>(stdout)!;

        Assert.Equal(194, counts.Length);
        Assert.All(counts.Take(31), c => Assert.Equal(128, c)); // m ≤ n = 30: the whole batch
        Assert.Equal(52, counts[^1]);                           // ⌈0.4 · 128⌉ = ⌈51.2⌉
        for (var m = 1; m < counts.Length; m++)
        {
            Assert.True(counts[m] <= counts[m - 1], $"B0({m}) = {counts[m]} > B0({m - 1}) = {counts[m - 1]}");
        }

        Assert.Equal(new RiskSchedule(128, 194, 0.4m, 30, 0.95m).KeepCounts(), counts);
        Assert.Equal(IntegerSoftSchedule(), counts);
    }

    /// <summary>
    /// The soft schedule for B = 128, M = 194, α = 2/5, n = 30, ρ = 0.95 in integers: ⌈ρM⌉ = ⌈184.3⌉ = 185,
    /// K = (3/5)/(185 − 30) = 3/775, so αB0 = 128·max(775 − 3(m − 30), 310)/775 and B0 is its integer ceiling.
    /// </summary>
    private static int[] IntegerSoftSchedule() => Enumerable.Range(0, 194).Select(m =>
        m <= 30 ? 128 : m >= 185 ? 52 : (128 * Math.Max(775 - 3 * (m - 30), 310) + 774) / 775).ToArray();

    [Fact]
    public void RiskSchedule_Table_PrintsOneLinePerIteration()
    {
        var (code, stdout, stderr) = CliRunner.Run("risk", "schedule", "--batch", "10", "--iterations", "4", "--alpha", "0.5", "--kind", "constant");
        Assert.True(code == 0, $"risk schedule failed ({code}): {stderr}");
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()).ToArray();
        Assert.Equal([[0, 5], [1, 5], [2, 5], [3, 5]], rows);
    }

    [Fact]
    public void RiskSchedule_AlphaOutOfRange_ExitsNonZeroNamingAlpha()
    {
        var (code, _, stderr) = CliRunner.Run("risk", "schedule", "--batch", "128", "--iterations", "10", "--alpha", "1.5");
        Assert.NotEqual(0, code);
        Assert.Contains("alpha", stderr, StringComparison.Ordinal);
        Assert.Contains("1.5", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RiskSchedule_AlphaNotANumber_ExitsNonZeroNamingTheText()
    {
        var (code, _, stderr) = CliRunner.Run("risk", "schedule", "--batch", "128", "--iterations", "10", "--alpha", "abc");
        Assert.NotEqual(0, code);
        Assert.Contains("--alpha 'abc'", stderr, StringComparison.Ordinal);
    }
}
