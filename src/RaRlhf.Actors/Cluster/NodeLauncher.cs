using System.Diagnostics;
using System.Reflection;

namespace RaRlhf.Actors.Cluster;

/// <summary>Starts `rarlhf node …` child processes of the running CLI (as `dotnet rarlhf.dll …` or the apphost),
/// with the broker and database given by environment, output collected line by line.</summary>
public static class NodeLauncher
{
    public static Process Start(IEnumerable<string> nodeArgs, IReadOnlyDictionary<string, string> environment, Action<string> onLine)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly to launch"));
        }

        start.ArgumentList.Add("node");
        foreach (var arg in nodeArgs) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start a rarlhf node");
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) onLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) onLine("stderr: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
