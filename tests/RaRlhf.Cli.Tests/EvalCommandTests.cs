namespace RaRlhf.Cli.Tests;

/// <summary>The real `rarlhf eval` process: bad input exits 2 naming the file; a good run renders with `report`.</summary>
public sealed class EvalCommandTests(EvalJobTests.Assets assets) : IClassFixture<EvalJobTests.Assets>
{
    private readonly EvalTestAssets _a = assets.Value;

    private (int ExitCode, string Stdout, string Stderr) Eval(string run, string model, string prompts, params string[] extra) =>
        CliRunner.Run(["eval", "--run", run, "--method", "base", "--model", model, "--config", EvalTestAssets.ConfigPath, "--prompts", prompts,
            .. _a.Overrides().SelectMany(o => new[] { "--set", o }), .. extra]);

    [Fact]
    public void Eval_ThenReport_WritesReportHtmlWithTheMethod()
    {
        var run = _a.NewRun();

        var eval = Eval(run, _a.PolicyDir, _a.PromptsCsv, "--count", "7");
        var report = CliRunner.Run("report", "--run", run);

        Assert.True(eval.ExitCode == 0, eval.Stderr);
        Assert.Contains("eval base: generate 7/7 prompts", eval.Stdout);
        Assert.Equal(7, File.ReadLines(Path.Combine(run, "eval", "base.jsonl")).Count());
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.Contains(">base<", File.ReadAllText(Path.Combine(run, "report.html")));
    }

    [Fact]
    public void Eval_MissingModelDirectory_Exit2NamingIt()
    {
        var missing = Path.Combine(_a.Root, "no-such-model");

        var (code, _, stderr) = Eval(_a.NewRun(), missing, _a.PromptsCsv);

        Assert.Equal(2, code);
        Assert.Contains(missing, stderr);
        Assert.Contains("does not exist", stderr);
    }

    [Fact]
    public void Eval_PromptsFileWithoutTheColumn_Exit2NamingFileAndColumn()
    {
        var (code, _, stderr) = Eval(_a.NewRun(), _a.PolicyDir, _a.PromptsCsv, "--text-column", "review");

        Assert.Equal(2, code);
        Assert.Contains("prompts.csv", stderr);
        Assert.Contains("review", stderr);
    }

    [Fact]
    public void Eval_EmptyPromptsFile_Exit2NamingTheFile()
    {
        var empty = Path.Combine(_a.Root, "empty.jsonl");
        File.WriteAllText(empty, "");
        var run = _a.NewRun();

        var (code, _, stderr) = Eval(run, _a.PolicyDir, empty);

        Assert.Equal(2, code);
        Assert.Contains(empty, stderr);
        Assert.False(File.Exists(Path.Combine(run, "metrics.json")));
    }
}
