using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Starts the <see cref="CrashChild"/> workload in a real process and kills it with SIGKILL.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs the child until it reported its first durable step, waits <paramref name="killAfter"/> more, kills it
    /// (SIGKILL on Unix) and returns the last step it reported as committed. <paramref name="onFirstCommit"/> runs
    /// while the child is certainly alive.
    /// </summary>
    public static async Task<string?> RunAndKillAsync(string mode, string directory, TimeSpan killAfter,
        Action? onFirstCommit = null)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(CrashChild).Assembly.Location);
        start.Environment[CrashChild.ModeVariable] = mode;
        start.Environment[CrashChild.DirectoryVariable] = directory;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the child");
        var errors = process.StandardError.ReadToEndAsync();
        string? lastCommitted = null;
        var firstCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith("committed ", StringComparison.Ordinal)) continue;
                Volatile.Write(ref lastCommitted, line["committed ".Length..]);
                firstCommit.TrySetResult();
            }
        });

        var started = await Task.WhenAny(firstCommit.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (started != firstCommit.Task)
        {
            if (!process.HasExited) process.Kill();
            throw new InvalidOperationException($"crash child never committed; stderr:\n{await errors}");
        }

        onFirstCommit?.Invoke();
        await Task.Delay(killAfter);
        process.Kill(); // SIGKILL: no finally blocks, no flushes, no disposal
        await process.WaitForExitAsync();
        await reader;
        Assert.True(process.ExitCode != 0 && process.ExitCode != 3, $"child exited by itself: {await errors}");
        return Volatile.Read(ref lastCommitted);
    }

    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
