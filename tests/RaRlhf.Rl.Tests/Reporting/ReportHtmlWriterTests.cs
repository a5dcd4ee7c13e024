using System.Text.RegularExpressions;
using System.Xml.Linq;
using RaRlhf.Rl.Evaluation;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Rl.Tests.Reporting;

public sealed class ReportHtmlWriterTests
{
    private static MethodReport Method(string name, double offset, int prompts = 40, MethodMetrics? metrics = null) => new(
        name,
        metrics ?? new MethodMetrics(offset, offset - 1, 30 + offset, 0.6, 0.85, 0.9),
        Enumerable.Range(0, prompts).Select(i => new PromptEvaluation($"p{i}", i % 7 - 3.0, offset + 0.1 * i)).ToArray());

    private static IterationRecord[] Iterations(string run, int count) =>
        Enumerable.Range(0, count).Select(m => new IterationRecord(run, m, 0.1 * m, 0.05 * m, 0.2, 64 - m)).ToArray();

    private static IReadOnlyDictionary<string, XElement> Charts(string html) =>
        Regex.Matches(html, "<svg .*?</svg>", RegexOptions.Singleline)
            .Select(m => XElement.Parse(m.Value)) // well-formed XML, or this throws
            .ToDictionary(e => (string)e.Attribute("data-chart")!);

    private static int SeriesCount(XElement svg) => svg.Descendants().Count(e => e.Name.LocalName == "path" && (string?)e.Attribute("class") == "series");

    [Fact]
    public void Render_HostileNames_AreEscapedInTableChartsAndText()
    {
        const string hostile = "<script>alert(\"x\")</script>&'";
        var report = RunReport.Create(
            "<img src=x onerror=alert(1)>", false, [Method(hostile, 1), Method("ok", 2)], "<b>tail</b>", Iterations(hostile, 5), ["<i>note</i>"]);
        var html = ReportHtmlWriter.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>tail", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>note", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;", html, StringComparison.Ordinal);
        var charts = Charts(html);
        var names = charts["quantile-curves"].Descendants().Where(e => e.Name.LocalName == "path").Select(e => (string?)e.Attribute("data-series"));
        Assert.Contains(hostile, names); // the attribute decodes back to the exact name
    }

    [Fact]
    public void Render_NaNMetricsAndNoData_ShowsNoDataEverywhereWithoutThrowing()
    {
        var nan = new MethodMetrics(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var report = RunReport.Create("empty", false, [new MethodReport("m", nan, [])], "none", []);
        var html = ReportHtmlWriter.Render(report);

        Assert.Equal(6, Regex.Matches(html, "class=\"missing\">no data</td>").Count);
        var charts = Charts(html);
        Assert.Equal(ReportHtmlWriter.ChartIds.Order(), charts.Keys.Order());
        Assert.All(charts.Values, c => Assert.Equal("true", (string?)c.Attribute("data-empty")));
        Assert.All(charts.Values, c => Assert.Contains("no data", c.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_NoMethodsAtAll_SaysSoAndStillDrawsEmptyCharts()
    {
        var html = ReportHtmlWriter.Render(RunReport.Create("none", false, [], "none", []));
        Assert.Contains("no data: metrics.json lists no method", html, StringComparison.Ordinal);
        Assert.Equal(ReportHtmlWriter.ChartIds.Count, Charts(html).Count);
    }

    [Fact]
    public void Render_SomeNaNRewards_DrawsTheRestAndSaysHowManyAreLeftOut()
    {
        var prompts = new[] { new PromptEvaluation("a", 0, 1), new PromptEvaluation("b", 1, double.NaN), new PromptEvaluation("c", 2, 3) };
        var report = RunReport.Create("partial", false, [new MethodReport("m", new MethodMetrics(1, 1, 1, 1, 1, 1), prompts)], "t", []);
        var charts = Charts(ReportHtmlWriter.Render(report));

        Assert.Equal(1, SeriesCount(charts["completion-reward-distributions"]));
        Assert.Contains("1 of 3 values are NaN or infinite", charts["completion-reward-distributions"].Value, StringComparison.Ordinal);
        Assert.Contains(report.Notes, n => n.Contains("1 of 3 prompts", StringComparison.Ordinal));
        Assert.Equal(2, report.QuantileCurves[0].Value[^1].Count); // the curve is over the two finite prompts
    }

    [Fact]
    public void Render_TwelveMethods_OneDistinctlyStyledSeriesPerMethod()
    {
        var methods = Enumerable.Range(0, 12).Select(i => Method($"method {i}", i * 0.1)).ToArray();
        var runs = Iterations("a", 10).Concat(Iterations("b", 10)).Concat(Iterations("c", 3)).ToArray();
        var html = ReportHtmlWriter.Render(RunReport.Create("many", false, methods, "t", runs));
        var charts = Charts(html);

        Assert.Equal(12, SeriesCount(charts["completion-reward-distributions"]));
        Assert.Equal(12, SeriesCount(charts["quantile-curves"]));
        Assert.Equal(1, SeriesCount(charts["prompt-score-histogram"]));
        foreach (var id in new[] { "training-reward", "training-kl", "training-beta", "risk-schedule" })
        {
            Assert.Equal(3, SeriesCount(charts[id]));
        }

        var styles = charts["quantile-curves"].Descendants()
            .Where(e => (string?)e.Attribute("class") == "series")
            .Select(e => $"{(string?)e.Attribute("stroke")}|{(string?)e.Attribute("stroke-dasharray")}")
            .ToArray();
        Assert.Equal(12, styles.Distinct().Count());
        Assert.Equal(12, Regex.Matches(html, "<tr data-method=").Count);
    }

    [Fact]
    public void Create_QuantileCurvesAndHistograms_ComeFromTheEvaluationTypes()
    {
        var a = Method("a", 0, prompts: 37);
        var b = Method("b", 5, prompts: 37);
        var report = RunReport.Create("r", false, [a, b], "t", []);

        var expected = QuantileCurve.Compute(a.PromptScores, a.CompletionRewards);
        Assert.Equal(expected, report.QuantileCurves[0].Value);
        // Same 37 prompt ids in both methods: the prompt histogram counts each prompt once.
        Assert.Equal(37, report.PromptScoreHistogram.Histogram!.Counts.Sum());
        // Completion histograms share one range, covering both methods' rewards.
        var ha = report.CompletionRewardHistograms[0].Value.Histogram!;
        var hb = report.CompletionRewardHistograms[1].Value.Histogram!;
        Assert.Equal(ha.Edges, hb.Edges);
        Assert.Equal((37, 37), (ha.Counts.Sum(), hb.Counts.Sum()));
        Assert.True(ha.Min <= 0 && ha.Max >= 5 + 3.6);
    }

    [Fact]
    public void Create_DuplicateMethodName_Throws() =>
        Assert.Throws<ArgumentException>(() => RunReport.Create("r", false, [Method("a", 0), Method("a", 1)], "t", []));
}
