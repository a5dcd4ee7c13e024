using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
namespace RaRlhf.Testing;

/// <summary>Runs <c>tools/services/*.sh start|stop DIR PORT</c> and finds free loopback ports for them.</summary>
internal static class ServiceScript
{
    /// <summary>Exit code of the scripts when the server binaries are not installed.</summary>
    private const int NotInstalled = 2;

    /// <param name="environment">Extra variables for this child only (e.g. the TLS broker's certificate directory).</param>
    public static async Task RunAsync(string script, string command, string directory, int port, string package,
        TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestData.RepoRoot, "tools", "services", script));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(directory);
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The scripts leave a watcher that stops the server if this test host dies without stopping it.
        start.Environment["RARLHF_SERVICE_OWNER_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {command} did not finish within {timeout}: {await errors}");
        }

        if (process.ExitCode == NotInstalled)
        {
            throw new InvalidOperationException(
                $"install {package} (see .ci/run): {script} cannot find the server binaries: {(await errors).Trim()}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} {command} {directory} {port} failed with exit code {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }

    /// <summary>Stops the server, then deletes its directory whatever happened (a locked leftover is the OS temp
    /// cleaner's).</summary>
    public static async Task StopAndDeleteAsync(string script, string directory, int port, string package, TimeSpan timeout)
    {
        try
        {
            await RunAsync(script, "stop", directory, port, package, timeout);
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    /// <summary>A port p with p, p+1, …, p+count-1 all free on 127.0.0.1 right now.</summary>
    public static int FreePorts(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20_000, 60_000);
            if (Enumerable.Range(first, count).All(IsFree)) return first;
        }

        throw new InvalidOperationException($"no {count} consecutive free ports on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
