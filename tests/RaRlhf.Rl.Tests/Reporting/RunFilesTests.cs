using RaRlhf.Rl.Reporting;

namespace RaRlhf.Rl.Tests.Reporting;

public sealed class RunFilesTests
{
    [Fact]
    public void IterationLog_WriteThenRead_RoundTripsIncludingNaN()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, IterationLog.RelativePath);
        IterationRecord[] records = [new("RLHF", 0, 0.5, 0.01, 0.2, 128), new("RA-RLHF", 0, double.NaN, 0.02, 0.2, 52)];
        IterationLog.Write(path, records);
        Assert.Equal("""{"run":"RLHF","iteration":0,"reward_mean":0.5,"kl":0.01,"kl_coef":0.2,"b0":128}""", File.ReadLines(path).First());
        var back = IterationLog.Read(path);
        Assert.Equal(records[0], back[0]);
        Assert.True(double.IsNaN(back[1].RewardMean));
    }

    [Theory]
    [InlineData("""{"run":"a","iteration":0,"reward_mean":1,"kl":0,"kl_coef":0.2}""", ":2", "'b0'")]
    [InlineData("""{"run":"a","iteration":-1,"reward_mean":1,"kl":0,"kl_coef":0.2,"b0":3}""", ":2", "'iteration'")]
    [InlineData("""{"run":"a","iteration":0,"reward_mean":1,"kl":0,"kl_coef":0.2,"b0":3}""", ":2", "already given at")]
    [InlineData("""not json""", ":2", "not valid JSON")]
    public void IterationLog_BadLine_NamesFileLineAndKey(string secondLine, string line, string message)
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "iterations.jsonl");
        File.WriteAllText(path, """{"run":"a","iteration":0,"reward_mean":1,"kl":0,"kl_coef":0.2,"b0":3,"extra":"ignored"}""" + "\n" + secondLine + "\n");
        var e = Assert.Throws<InvalidDataException>(() => IterationLog.Read(path));
        Assert.Contains(path + line, e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EvaluationLog_IntegerOrStringIds_ReadAndDuplicatesRejected()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "m.jsonl");
        File.WriteAllText(path, "{\"prompt_id\":7,\"prompt_score\":-1.5,\"completion_reward\":2}\n\n{\"prompt_id\":\"x\",\"prompt_score\":0,\"completion_reward\":null}\n");
        var rows = EvaluationLog.Read(path);
        Assert.Equal(new PromptEvaluation("7", -1.5, 2), rows[0]);
        Assert.True(double.IsNaN(rows[1].CompletionReward));

        File.AppendAllText(path, "{\"prompt_id\":\"7\",\"prompt_score\":0,\"completion_reward\":1}\n");
        var e = Assert.Throws<InvalidDataException>(() => EvaluationLog.Read(path));
        Assert.Contains(path + ":4", e.Message, StringComparison.Ordinal);
        Assert.Contains(path + ":1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RA-RLHF", "RA-RLHF.jsonl")]
    [InlineData("prompted base", "prompted base.jsonl")]
    [InlineData("<script>a</script>", "<script>a<%2Fscript>.jsonl")]
    [InlineData("..", "%2E..jsonl")]
    [InlineData("50%\\x\n", "50%25%5Cx%0A.jsonl")]
    [InlineData("é/", "é%2F.jsonl")]
    public void EvaluationLog_FileNameFor_EscapesOnlyWhatCannotBeAFileName(string method, string file) =>
        Assert.Equal(file, EvaluationLog.FileNameFor(method));

    [Fact]
    public void EvaluationLog_FileNameForEmptyName_Throws() => Assert.Throws<ArgumentException>(() => EvaluationLog.FileNameFor(""));

    [Fact]
    public void Loader_MissingEvalAndIterationFiles_NotesThemAndStillLoads()
    {
        using var dir = new TempDirectory();
        MetricsJsonWriter.Write(Path.Combine(dir.Path, "metrics.json"), new MetricsJsonDocument(
            [new("a", new MethodMetrics(1, 0, 30, 0.5, 0.8, 0.9)), new("<b>", new MethodMetrics(2, 1, 31, 0.5, 0.8, 0.9))], "t"));
        EvaluationLog.Write(EvaluationLog.PathFor(dir.Path, "<b>"), [new PromptEvaluation("1", 0, 2), new PromptEvaluation("2", 1, 3)]);

        var report = RunReportLoader.Load(dir.Path);
        Assert.Equal(["a", "<b>"], report.Methods.Select(m => m.Name));
        Assert.Empty(report.Methods[0].Prompts);
        Assert.Equal(2, report.Methods[1].Prompts.Count);
        Assert.Contains(report.Notes, n => n.Contains("a.jsonl is missing", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("iterations.jsonl is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Loader_TrainingRunNotEvaluated_ShowsTrainingCurvesAndSaysWhy()
    {
        using var dir = new TempDirectory();
        IterationLog.Write(Path.Combine(dir.Path, IterationLog.RelativePath),
            [new IterationRecord("r", 0, 0.5, 0.1, 0.2, 16), new IterationRecord("r", 1, 0.7, 0.2, 0.2, 12)]);

        var report = RunReportLoader.Load(dir.Path);

        Assert.Empty(report.Methods);
        Assert.Equal(2, report.TrainingRuns.Single().Value.Count);
        Assert.Contains(report.Notes, n => n.Contains("metrics.json is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Loader_EmptyDirectory_FailsNamingMetricsJson()
    {
        using var dir = new TempDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => RunReportLoader.Load(dir.Path));
        Assert.Contains("metrics.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyntheticRun_Write_LoadsBackWithTableFromTheEvalFiles()
    {
        using var dir = new TempDirectory();
        var doc = SyntheticRun.Write(dir.Path, prompts: 50, iterations: 12);
        var report = RunReportLoader.Load(dir.Path);
        Assert.True(report.Synthetic);
        Assert.Empty(report.Notes);
        Assert.Equal(2, report.TrainingRuns.Count);
        Assert.Equal(12, report.RiskSchedules[1].Value.Count);
        foreach (var method in report.Methods)
        {
            // The table's reward is the plain mean of the method's eval file (independent recomputation).
            Assert.Equal(method.CompletionRewards.Average(), method.Metrics.Reward, 12);
            Assert.Equal(doc.Methods.Single(m => m.Name == method.Name).Value, method.Metrics);
        }
    }
}
