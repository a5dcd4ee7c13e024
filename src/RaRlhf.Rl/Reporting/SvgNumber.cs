using System.Globalization;

namespace RaRlhf.Rl.Reporting;

/// <summary>Invariant, short number text for SVG coordinates (two decimals are sub-pixel enough).</summary>
internal static class SvgNumber
{
    public static string Format(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
