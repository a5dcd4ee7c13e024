namespace RaRlhf.Rl.Reporting;

/// <summary>
/// Series styles: the Okabe–Ito colour-blind-safe palette (yellow last: weakest on white). Past eight series the
/// colours repeat with a different dash pattern, so any number of methods stays distinguishable.
/// </summary>
public static class Palette
{
    public static readonly IReadOnlyList<string> Colors =
        ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"];

    public static readonly IReadOnlyList<string> Dashes = ["", "7 3", "2 2", "9 3 2 3"];

    /// <summary>The colour and SVG stroke-dasharray (empty = solid) of series number <paramref name="index"/>.</summary>
    public static (string Color, string Dash) Style(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return (Colors[index % Colors.Count], Dashes[index / Colors.Count % Dashes.Count]);
    }
}
