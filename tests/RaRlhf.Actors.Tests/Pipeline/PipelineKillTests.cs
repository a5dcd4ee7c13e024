using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using RaRlhf.Actors.Pipeline;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// kill -9 at seeded random moments: the tiny pipeline (synchronous, and with max staleness 1 and 2 workers) runs in a child process (<see cref="PipelineCrashChild"/>),
/// is killed three times, then finished in-process on the same run directory. No iteration may be lost or applied
/// twice (the metrics file lists 0…N−1 once each) and the final weights equal an uninterrupted direct run bit for bit.
/// </summary>
public sealed class PipelineKillTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Run_KilledThreeTimesAtRandomMoments_ResumesWithUninterruptedWeights()
    {
        using var dir = new TempRunDirectory();
        var random = new Random(11);
        for (var kill = 0; kill < 3; kill++)
        {
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 400));
            var (last, exited) = await RunChildAndKillAsync(dir.Path, delay);
            output.WriteLine($"kill {kill}: {delay.TotalMilliseconds} ms after the first commit; last committed {last?.ToString() ?? "none"}{(exited ? " (child had finished)" : "")}");
        }

        var (expected, _) = DirectLoop.Run(PipelineCrashChild.Iterations, PipelineCrashChild.Seed, PipelineCrashChild.Alpha);
        await using var pipeline = LocalPipeline.Start(TinyRun.Options(dir.Path, PipelineCrashChild.Iterations, PipelineCrashChild.Seed, PipelineCrashChild.Alpha));
        var progress = await pipeline.RunAsync();
        var actual = await pipeline.LoadPolicyAsync(progress.Policy);
        var iterations = File.ReadAllLines(pipeline.MetricsPath).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("iteration").GetInt32());

        Assert.Equal(Enumerable.Range(0, PipelineCrashChild.Iterations), iterations);
        Assert.Equal(PipelineCrashChild.Iterations, progress.Policy.Version);
        output.WriteLine($"max |Δw| vs uninterrupted = {actual.Zip(expected, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Run_StalenessOneKilledThreeTimes_NoIterationLostOrTwiceAndLaggedLoopWeights()
    {
        const string ahead = "1,2";
        using var dir = new TempRunDirectory();
        var random = new Random(23);
        for (var kill = 0; kill < 3; kill++)
        {
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 400));
            var (last, exited) = await RunChildAndKillAsync(dir.Path, delay, ahead);
            output.WriteLine($"s=1 kill {kill}: {delay.TotalMilliseconds} ms after the first commit; last committed {last?.ToString() ?? "none"}{(exited ? " (child had finished)" : "")}");
        }

        float[] actual;
        await using (var pipeline = LocalPipeline.Start(PipelineCrashChild.Options(dir.Path, ahead)))
        {
            var progress = await pipeline.RunAsync();
            Assert.Equal(PipelineCrashChild.Iterations, progress.Policy.Version);
            var rows = MaxStalenessTests.MetricsRows(pipeline.MetricsPath);
            Assert.Equal(Enumerable.Range(0, PipelineCrashChild.Iterations), rows.Select(r => r.GetProperty("iteration").GetInt32()));
            Assert.All(rows, r => Assert.InRange(MaxStalenessTests.Stat(r, RaRlhf.Actors.Pipeline.Roles.Coordinator.Staleness), 0, 1));
            actual = await pipeline.LoadPolicyAsync(progress.Policy);
        }

        await MaxStalenessTests.AssertJournalsHoldEachIterationOnceAsync(dir.Path, PipelineCrashChild.Iterations, PipelineCrashChild.Seed);
        // Stronger than required: a restart re-dispatches each in-flight iteration with the version it would have had.
        var (expected, _) = DirectLoop.Run(PipelineCrashChild.Iterations, PipelineCrashChild.Seed, PipelineCrashChild.Alpha, lag: 1);
        output.WriteLine($"s=1: max |Δw| vs uninterrupted lag-1 loop = {actual.Zip(expected, (a, b) => MathF.Abs(a - b)).Max()}");
        Assert.Equal(expected, actual);
    }

    private static async Task<(int? LastCommitted, bool Exited)> RunChildAndKillAsync(string directory, TimeSpan killAfter, string? ahead = null)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(PipelineCrashChild).Assembly.Location);
        start.Environment[PipelineCrashChild.DirectoryVariable] = directory;
        if (ahead is not null)
        {
            start.Environment[PipelineCrashChild.AheadVariable] = ahead;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the pipeline child");
        var errors = process.StandardError.ReadToEndAsync();
        int? last = null;
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("committed ", StringComparison.Ordinal))
                {
                    last = int.Parse(line["committed ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    firstCommit.TrySetResult();
                }
            }
        });

        var exitTask = process.WaitForExitAsync();
        var first = await Task.WhenAny(firstCommit.Task, exitTask, Task.Delay(TimeSpan.FromSeconds(60)));
        if (first == firstCommit.Task)
        {
            await Task.WhenAny(exitTask, Task.Delay(killAfter));
        }

        var exited = process.HasExited;
        if (!exited)
        {
            process.Kill(); // SIGKILL: no finally blocks, no disposal
        }

        await process.WaitForExitAsync();
        await reader;
        if (exited && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pipeline child failed (exit {process.ExitCode}):\n{await errors}");
        }

        return (last, exited);
    }

    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
