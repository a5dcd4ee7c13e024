using System.Diagnostics;

namespace RaRlhf.Cli.Tests;

/// <summary>One `rarlhf node …` child process of the built CLI; collects its stdout lines so a test can wait for one
/// (e.g. "rollout took") before killing it with SIGKILL.</summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Task<string> _errors;
    private readonly Task _reader;

    public NodeProcess(string workingDirectory, NodeServers servers, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "rarlhf.dll"));
        start.ArgumentList.Add("node");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["RARLHF_BROKER"] = servers.BrokerUri;
        start.Environment["RARLHF_POSTGRES"] = servers.PostgresConnectionString;
        Name = string.Join(' ', args);
        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start rarlhf node");
        _errors = _process.StandardError.ReadToEndAsync();
        _reader = Task.Run(async () =>
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_lines) _lines.Add(line);
            }
        });
    }

    public string Name { get; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return _lines.ToList();
        }
    }

    /// <summary>Waits until a stdout line contains <paramref name="text"/>; fails with the output if the node exits first.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line) return line;
            if (_process.HasExited && _reader.IsCompleted)
            {
                throw new InvalidOperationException($"node '{Name}' exited ({_process.ExitCode}) before printing '{text}':\n{Describe()}");
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"node '{Name}' did not print '{text}' within {timeout}:\n{Describe()}");
    }

    /// <summary>Waits for a normal exit and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"node '{Name}' still running after {timeout}:\n{Describe()}");
        }

        await _reader;
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no cleanup, the kernel closes its broker and database sockets.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public string Describe() => $"stdout:\n{string.Join('\n', Lines.TakeLast(40))}\nstderr:\n{(_errors.IsCompleted ? _errors.Result : "(running)")}";

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
