using RaRlhf.Cli.Demo;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Tests.Demo;

/// <summary>
/// The report of a demo-layout run (training runs in rlhf/ and ra-rlhf/, five evaluated methods) opened in headless
/// Chromium: every plot drawn, five series per method plot and two per training plot, no console error.
/// </summary>
public sealed class DemoReportRenderingTests
{
    private static readonly string[] PerMethodCharts = ["completion-reward-distributions", "quantile-curves"];
    private static readonly string[] PerRunCharts = ["training-reward", "training-kl", "training-beta", "risk-schedule"];

    [Fact]
    public async Task DemoLayoutReport_InChromium_ShowsFiveMethodsAndBothTrainingRuns()
    {
        using var fixture = new DemoFixture();
        var code = await new DemoRunner(new RecordingJobs(), TextWriter.Null).RunAsync(DemoPlan.Create(fixture.Options()), CancellationToken.None);
        Assert.Equal(0, code);

        await using var browser = await ChromiumSession.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(new Uri(Path.Combine(fixture.Run, ReportHtmlWriter.FileName)).AbsoluteUri);

        foreach (var id in ReportHtmlWriter.ChartIds)
        {
            var expected = PerMethodCharts.Contains(id) ? 5 : PerRunCharts.Contains(id) ? 2 : 1;
            var svg = page.Locator($"svg[data-chart=\"{id}\"]");
            Assert.Equal("false", await svg.GetAttributeAsync("data-empty"));
            Assert.Equal(expected, await svg.Locator("path.series").CountAsync());
            var box = await svg.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 100 }, $"{id}: bounding box {box?.Width}×{box?.Height}");
        }

        Assert.Equal(["ra-rlhf", "rlhf"], await page.Locator("svg[data-chart=\"risk-schedule\"] g.legend text").AllTextContentsAsync());
        Assert.Equal(DemoMethods.All, (await page.Locator("#metrics-table tbody th").AllInnerTextsAsync()).Select(t => t.Trim()));
        browser.AssertNoErrors();
    }
}
