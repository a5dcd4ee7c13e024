using Microsoft.Playwright;

namespace RaRlhf.Cli.Tests;

/// <summary>Chromium with one page, recording console errors, page errors, dialogs and non-file requests.</summary>
internal sealed class ChromiumSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];

    private ChromiumSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                _errors.Add($"console {m.Type}: {m.Text}");
            }
        };
        page.PageError += (_, e) => _errors.Add($"page error: {e}");
        page.Dialog += (_, d) => _errors.Add($"dialog opened: {d.Message}");
        page.Request += (_, r) =>
        {
            if (!r.Url.StartsWith("file://", StringComparison.Ordinal))
            {
                _errors.Add($"request outside the file: {r.Url}");
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors => _errors;

    public static async Task<ChromiumSession> OpenAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} not found: apt-get install chromium (see .ci/run)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1000 } });
        return new ChromiumSession(playwright, browser, page);
    }

    public void AssertNoErrors() => Assert.True(_errors.Count == 0, string.Join("\n", _errors));

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
