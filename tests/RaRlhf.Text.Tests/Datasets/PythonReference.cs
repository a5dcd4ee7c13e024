using System.Diagnostics;
using RaRlhf.Testing;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>Runs a reference script from Datasets/reference with /usr/bin/python3 and returns its stdout.</summary>
internal static class PythonReference
{
    public static string Run(string script, params string[] args)
    {
        var start = new ProcessStartInfo(RequiresPythonFactAttribute.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestData.RepoRoot, "tests", "RaRlhf.Text.Tests", "Datasets", "reference", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 3 minutes");
        }

        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {stderr.Result}");
    }
}
