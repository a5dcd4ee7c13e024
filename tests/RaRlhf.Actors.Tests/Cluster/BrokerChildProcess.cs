using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>Starts <see cref="BrokerChild"/> in a real process and kills it with SIGKILL once it holds its deliveries.</summary>
internal static class BrokerChildProcess
{
    /// <summary>Returns the texts the child received (and never acknowledged) before it was killed.</summary>
    public static async Task<IReadOnlyList<string>> TakeAndDieAsync(int port, string queue, int count)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(typeof(BrokerChild).Assembly.Location);
        start.Environment[BrokerChild.PortVariable] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment[BrokerChild.QueueVariable] = queue;
        start.Environment[BrokerChild.CountVariable] = count.ToString(CultureInfo.InvariantCulture);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the worker");
        var errors = process.StandardError.ReadToEndAsync();
        var received = new List<string>();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (received.Count < count && await process.StandardOutput.ReadLineAsync(limit.Token) is { } line)
            {
                if (line.StartsWith("received ", StringComparison.Ordinal)) received.Add(line["received ".Length..]);
            }
        }
        finally
        {
            process.Kill(); // SIGKILL: the socket is torn down by the kernel, no AMQP close
            await process.WaitForExitAsync();
        }

        Assert.True(received.Count == count, $"worker took {received.Count} of {count}; stderr:\n{await errors}");
        return received;
    }

    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
