namespace RaRlhf.Rl.Reporting;

/// <summary>The report's inline stylesheet (no external resource is ever loaded by the page).</summary>
internal static class ReportStyle
{
    public const string Css = """
        body { font-family: system-ui, sans-serif; margin: 24px auto; max-width: 1400px; color: #222; }
        h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.6em; }
        .synthetic { background: #fff3cd; border: 2px solid #b8860b; padding: 8px 12px; font-weight: bold; }
        table { border-collapse: collapse; } th, td { padding: 4px 10px; border-bottom: 1px solid #ddd; }
        td { text-align: right; font-variant-numeric: tabular-nums; } tbody th { text-align: left; font-weight: normal; }
        td.missing, .no-data { color: #a00; font-style: italic; }
        .charts { display: flex; flex-wrap: wrap; gap: 12px; } figure { margin: 0; }
        svg.chart { background: #fff; font-size: 12px; }
        svg .chart-title { font-size: 14px; font-weight: bold; } svg .frame { fill: none; stroke: #999; }
        svg .grid { stroke: #e4e4e4; } svg .tick, svg .footnote { fill: #444; font-size: 11px; }
        svg .axis-label { fill: #222; } svg .legend-label { fill: #222; } svg text.no-data { fill: #a00; font-size: 18px; }
        """;
}
