using System.Globalization;
using System.Text;

namespace RaRlhf.Rl.Reporting;

/// <summary>
/// A self-contained inline SVG line chart: nice-ticked axes with grid, axis labels, a legend below the plot that
/// wraps for any number of series, one &lt;path class="series"&gt; per series with data. With no finite point
/// at all it draws a framed "no data" panel instead (data-empty="true"). Every text is HTML-escaped.
/// </summary>
public sealed class SvgChart(string id, string title, string xLabel, string yLabel)
{
    private const double Left = 64, Right = 16, Top = 34, PlotHeight = 230, AxisBand = 54, LegendRow = 18, LegendColumn = 190;

    public double Width { get; init; } = 660;

    /// <summary>Fill under each series (histograms); lines otherwise.</summary>
    public bool Filled { get; init; }

    /// <summary>Start the y axis at 0 (histograms, counts).</summary>
    public bool YFromZero { get; init; }

    /// <summary>A line of small print under the plot, e.g. values that could not be drawn.</summary>
    public string? Footnote { get; init; }

    public string Render(IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plotWidth = Width - Left - Right;
        var columns = Math.Max(1, (int)(plotWidth / LegendColumn));
        var legendRows = (series.Count + columns - 1) / columns;
        var footnoteHeight = Footnote is null ? 0 : LegendRow;
        var height = Top + PlotHeight + AxisBand + legendRows * LegendRow + footnoteHeight + 8;
        var empty = !series.Any(s => s.HasData);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"{Esc(id)}\" data-chart=\"{Esc(id)}\" data-empty=\"{(empty ? "true" : "false")}\" width=\"{N(Width)}\" height=\"{N(height)}\" viewBox=\"0 0 {N(Width)} {N(height)}\" role=\"img\" aria-label=\"{Esc(title)}\">");
        svg.Append($"<title>{Esc(title)}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left)}\" y=\"20\" class=\"chart-title\">{Esc(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(Left)}\" y=\"{N(Top)}\" width=\"{N(plotWidth)}\" height=\"{N(PlotHeight)}\" class=\"frame\"/>");

        if (empty)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left + plotWidth / 2)}\" y=\"{N(Top + PlotHeight / 2)}\" class=\"no-data\" text-anchor=\"middle\">no data</text>");
        }
        else
        {
            var xs = series.SelectMany(s => s.X);
            var ys = series.SelectMany(s => s.Y);
            var (x0, x1) = LinearScale.NiceExtent(xs, 8)!.Value;
            var (y0, y1) = LinearScale.NiceExtent(YFromZero ? ys.Append(0) : ys, 6)!.Value;
            var x = new LinearScale(x0, x1, Left, Left + plotWidth).Validate();
            var y = new LinearScale(y0, y1, Top + PlotHeight, Top).Validate();
            AppendAxes(svg, x, y, plotWidth);
            for (var i = 0; i < series.Count; i++)
            {
                AppendSeries(svg, series[i], i, x, y);
            }
        }

        AppendLegend(svg, series, columns, Top + PlotHeight + AxisBand);
        if (Footnote is not null)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left)}\" y=\"{N(height - 10)}\" class=\"footnote\">{Esc(Footnote)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private void AppendAxes(StringBuilder svg, LinearScale x, LinearScale y, double plotWidth)
    {
        var xTicks = NiceTicks.Compute(x.D0, x.D1, 8);
        foreach (var t in xTicks.Values)
        {
            var px = x.Map(t);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(px)}\" y1=\"{N(Top)}\" x2=\"{N(px)}\" y2=\"{N(Top + PlotHeight + 5)}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(px)}\" y=\"{N(Top + PlotHeight + 18)}\" class=\"tick\" text-anchor=\"middle\">{Tick(t, xTicks)}</text>");
        }

        var yTicks = NiceTicks.Compute(y.D0, y.D1, 6);
        foreach (var t in yTicks.Values)
        {
            var py = y.Map(t);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(Left - 5)}\" y1=\"{N(py)}\" x2=\"{N(Left + plotWidth)}\" y2=\"{N(py)}\" class=\"grid\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left - 8)}\" y=\"{N(py + 4)}\" class=\"tick\" text-anchor=\"end\">{Tick(t, yTicks)}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(Left + plotWidth / 2)}\" y=\"{N(Top + PlotHeight + 36)}\" class=\"axis-label\" text-anchor=\"middle\">{Esc(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(14 {N(Top + PlotHeight / 2)}) rotate(-90)\" class=\"axis-label\" text-anchor=\"middle\">{Esc(yLabel)}</text>");
    }

    private void AppendSeries(StringBuilder svg, ChartSeries s, int index, LinearScale x, LinearScale y)
    {
        if (!s.HasData)
        {
            return;
        }

        var path = new SvgPathBuilder();
        for (var i = 0; i < Math.Min(s.X.Count, s.Y.Count); i++)
        {
            path.Add(double.IsFinite(s.X[i]) ? x.Map(s.X[i]) : double.NaN, double.IsFinite(s.Y[i]) ? y.Map(s.Y[i]) : double.NaN);
        }

        var (color, dash) = Palette.Style(s.Style ?? index);
        var fill = Filled ? $"fill=\"{color}\" fill-opacity=\"0.12\"" : "fill=\"none\"";
        var dashes = dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : string.Empty;
        svg.Append(CultureInfo.InvariantCulture, $"<path class=\"series\" data-series=\"{Esc(s.Name)}\" d=\"{path}\" stroke=\"{color}\"{dashes} stroke-width=\"2\" {fill}><title>{Esc(s.Name)}</title></path>");
    }

    private static void AppendLegend(StringBuilder svg, IReadOnlyList<ChartSeries> series, int columns, double top)
    {
        svg.Append("<g class=\"legend\">");
        for (var i = 0; i < series.Count; i++)
        {
            var lx = Left + i % columns * LegendColumn;
            var ly = top + i / columns * LegendRow;
            var (color, dash) = Palette.Style(series[i].Style ?? i);
            var dashes = dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : string.Empty;
            var label = series[i].HasData ? series[i].Name : $"{series[i].Name} (no data)";
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(lx)}\" y1=\"{N(ly)}\" x2=\"{N(lx + 24)}\" y2=\"{N(ly)}\" stroke=\"{color}\"{dashes} stroke-width=\"3\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(lx + 30)}\" y=\"{N(ly + 4)}\" class=\"legend-label\">{Esc(Shorten(label))}</text>");
        }

        svg.Append("</g>");
    }

    // A legend column is ~190 px; long names are cut there (the full name is in the path's tooltip and the table).
    private static string Shorten(string text) => text.Length <= 23 ? text : string.Concat(text.AsSpan(0, 22), "…");

    private static string Tick(double value, NiceTicks ticks) =>
        (value == 0 ? 0 : value).ToString("F" + ticks.Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string N(double value) => SvgNumber.Format(value);

    private static string Esc(string text) => HtmlText.Escape(text);
}
