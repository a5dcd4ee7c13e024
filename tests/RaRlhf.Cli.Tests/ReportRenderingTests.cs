using System.Globalization;
using System.Text.Json;
using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// Opens report.html in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright) from file://
/// and checks what a reader would see: no console errors, every plot drawn with one series per method or run,
/// the metrics table equal to metrics.json. Screenshots land in the test output folder (ReportRendering/).
/// </summary>
public sealed class ReportRenderingTests
{
    private static readonly string[] MetricKeys = ["reward", "tail_reward", "perplexity", "dist1", "dist2", "dist3"];
    private static readonly string[] PerMethodCharts = ["completion-reward-distributions", "quantile-curves"];
    private static readonly string[] PerRunCharts = ["training-reward", "training-kl", "training-beta", "risk-schedule"];

    [Fact]
    public async Task DemoReport_InChromium_DrawsEveryPlotAndTheTableMatchesMetricsJson()
    {
        var dir = FreshOutputDirectory("demo");
        var (code, stdout, stderr) = CliRunner.Run("report", "--run", dir, "--demo-data");
        Assert.True(code == 0, $"rarlhf report failed ({code}): {stdout}{stderr}");

        await using var browser = await ChromiumSession.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(new Uri(Path.Combine(dir, "report.html")).AbsoluteUri);

        using var metrics = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
        var methods = metrics.RootElement.GetProperty("methods").EnumerateObject().ToArray();
        var runs = File.ReadLines(Path.Combine(dir, "metrics", "iterations.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("run").GetString()).Distinct().Count();
        Assert.Equal(5, methods.Length);
        Assert.Equal(2, runs);

        foreach (var id in ReportHtmlWriter.ChartIds)
        {
            var expected = PerMethodCharts.Contains(id) ? methods.Length : PerRunCharts.Contains(id) ? runs : 1;
            var svg = page.Locator($"svg[data-chart=\"{id}\"]");
            Assert.Equal(1, await svg.CountAsync());
            Assert.Equal("false", await svg.GetAttributeAsync("data-empty"));
            var box = await svg.BoundingBoxAsync();
            Assert.True(box is { Width: > 100, Height: > 100 }, $"{id}: bounding box {box?.Width}×{box?.Height}");
            var series = svg.Locator("path.series");
            Assert.Equal(expected, await series.CountAsync());
            for (var i = 0; i < expected; i++)
            {
                var line = await series.Nth(i).BoundingBoxAsync();
                Assert.True(line is { Width: > 10 }, $"{id} series {i}: drawn {line?.Width}×{line?.Height}");
            }

            Assert.Equal(expected, await svg.Locator("g.legend text").CountAsync());
        }

        var rows = page.Locator("#metrics-table tbody tr");
        Assert.Equal(methods.Length, await rows.CountAsync());
        for (var r = 0; r < methods.Length; r++)
        {
            Assert.Equal(methods[r].Name, (await rows.Nth(r).Locator("th").InnerTextAsync()).Trim());
            foreach (var key in MetricKeys)
            {
                var text = await rows.Nth(r).Locator($"td[data-key=\"{key}\"]").InnerTextAsync();
                var shown = double.Parse(text, CultureInfo.InvariantCulture);
                var expected = methods[r].Value.GetProperty(key).GetDouble();
                Assert.True(Math.Abs(shown - expected) <= 0.0005 + 1e-12, $"{methods[r].Name}.{key}: table {text}, metrics.json {expected}");
            }
        }

        Assert.Contains("SYNTHETIC", await page.Locator("#synthetic-banner").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "report.png"), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(dir, "report.png")).Length > 20_000);
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task HostileAndEmptyReport_InChromium_RunsNoScriptAndShowsNoData()
    {
        var dir = FreshOutputDirectory("hostile");
        const string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>";
        var nan = new MethodMetrics(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        MetricsJsonWriter.Write(Path.Combine(dir, "metrics.json"), new MetricsJsonDocument(
            [new(hostile, new MethodMetrics(1, 0.5, 30, 0.6, 0.8, 0.9)), new("no eval file", nan)], "\"><svg onload=alert(3)>"));
        EvaluationLog.Write(EvaluationLog.PathFor(dir, hostile), Enumerable.Range(0, 20).Select(i => new PromptEvaluation($"{i}", i - 10, i * 0.2)));
        var (code, stdout, stderr) = CliRunner.Run("report", "--run", dir);
        Assert.True(code == 0, $"rarlhf report failed ({code}): {stdout}{stderr}");

        await using var browser = await ChromiumSession.OpenAsync();
        var page = browser.Page;
        await page.GotoAsync(new Uri(Path.Combine(dir, "report.html")).AbsoluteUri);

        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('script, img, svg [onload]').length"));
        var rows = page.Locator("#metrics-table tbody tr");
        Assert.Equal(hostile, (await rows.Nth(0).Locator("th").InnerTextAsync()).Trim());
        Assert.Equal(6, await rows.Nth(1).Locator("td.missing").CountAsync());
        Assert.Equal(2, await page.Locator("svg[data-chart=\"quantile-curves\"] path.series").CountAsync() + 1); // one method has no data
        Assert.Equal("true", await page.Locator("svg[data-chart=\"training-kl\"]").GetAttributeAsync("data-empty"));
        Assert.Contains("no data", await page.Locator("svg[data-chart=\"training-kl\"]").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "report.png"), FullPage = true });
        browser.AssertNoErrors();
    }

    [Fact]
    public async Task ChromiumSession_PageWithConsoleErrorAndScript_ReportsBoth()
    {
        // The "no console errors" checks above are only worth something if the session really sees them.
        var dir = FreshOutputDirectory("harness");
        var page = Path.Combine(dir, "bad.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><body><script>console.error('boom'); throw new Error('thrown');</script></body></html>");
        await using var browser = await ChromiumSession.OpenAsync();
        await browser.Page.GotoAsync(new Uri(page).AbsoluteUri);
        await browser.Page.WaitForTimeoutAsync(200);
        Assert.Contains(browser.Errors, e => e.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(browser.Errors, e => e.Contains("thrown", StringComparison.Ordinal));
    }

    private static string FreshOutputDirectory(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "ReportRendering", name);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        return dir;
    }
}
