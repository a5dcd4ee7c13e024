namespace RaRlhf.Rl.Tests;

/// <summary>Element-wise comparison with a stated tolerance: |a − e| ≤ abs + rel·|e|; returns the max difference.</summary>
internal static class Compare
{
    public static double AllClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double abs, double rel, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs((double)actual[i] - expected[i]);
            max = Math.Max(max, d);
            Assert.True(d <= abs + rel * Math.Abs(expected[i]), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (|diff| {d:E2})");
        }

        return max;
    }

    public static double Close(double expected, double actual, double abs, double rel, string what)
    {
        var d = Math.Abs(actual - expected);
        Assert.True(d <= abs + rel * Math.Abs(expected), $"{what}: expected {expected:R}, got {actual:R} (|diff| {d:E2})");
        return d;
    }
}
