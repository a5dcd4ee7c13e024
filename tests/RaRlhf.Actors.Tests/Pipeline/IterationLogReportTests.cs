using RaRlhf.Actors.Pipeline;
using ReportIterationLog = RaRlhf.Rl.Reporting.IterationLog;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>The report renderer reads exactly the iterations.jsonl the pipeline writes (one schema, two sides).</summary>
public sealed class IterationLogReportTests
{
    [Fact]
    public async Task Run_TinyPipeline_ReportReaderLoadsEveryIteration()
    {
        const int iterations = 3;
        using var dir = new TempRunDirectory();
        var completed = new List<(int Iteration, int KeepCount)>();
        var options = TinyRun.Options(dir.Path, iterations, seed: 3, alpha: 0.5m) with
        {
            OnIteration = e => completed.Add((e.Iteration, e.KeepCount)),
        };
        await using (var pipeline = LocalPipeline.Start(options))
        {
            await pipeline.RunAsync();
        }

        var records = ReportIterationLog.Read(Path.Combine(dir.Path, ReportIterationLog.RelativePath));

        Assert.Equal(completed.Select(c => c.Iteration), records.Select(r => r.Iteration));
        Assert.Equal(completed.Select(c => c.KeepCount), records.Select(r => r.B0));
        Assert.All(records, r => Assert.True(double.IsFinite(r.RewardMean) && double.IsFinite(r.Kl) && r.KlCoef > 0));
    }
}
