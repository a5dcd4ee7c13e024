using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using RaRlhf.Actors.Pipeline;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// The kill test's child: <c>dotnet exec RaRlhf.Actors.Tests.dll</c> with <see cref="DirectoryVariable"/> set runs
/// the tiny pipeline on that run directory (resuming) and prints "committed m" after each journaled iteration.
/// In the test host the variable is unset and nothing happens.
/// </summary>
internal static class PipelineCrashChild
{
    public const string DirectoryVariable = "RARLHF_PIPELINE_CHILD_DIR";

    /// <summary>Optional "s,workers": max staleness and rollout workers of the child's run (default 0,1).</summary>
    public const string AheadVariable = "RARLHF_PIPELINE_CHILD_AHEAD";
    public const int Iterations = 12;
    public const decimal Alpha = 0.5m;
    public const ulong Seed = 3;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Lets the test assembly double as the kill-test child process.")]
    internal static void RunIfChild()
    {
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory)) return;

        // A foreground thread keeps the process alive after the empty generated Main returns (see CrashChild).
        new Thread(() => Run(directory)) { IsBackground = false, Name = "pipeline-child" }.Start();
    }

    private static void Run(string directory)
    {
        try
        {
            RunAsync(directory).GetAwaiter().GetResult();
            Environment.Exit(0);
        }
        catch (Exception error)
        {
            Console.Error.WriteLine(error);
            Environment.Exit(3);
        }
    }

    /// <summary>The child's run; <paramref name="ahead"/> = "s,workers" or null for the synchronous single-worker run.</summary>
    public static PipelineOptions Options(string directory, string? ahead)
    {
        var options = TinyRun.Options(directory, Iterations, Seed, Alpha);
        if (string.IsNullOrEmpty(ahead))
        {
            return options;
        }

        var parts = ahead.Split(',').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return options with { MaxStaleness = parts[0], RolloutWorkers = parts[1] };
    }

    private static async Task RunAsync(string directory)
    {
        var options = Options(directory, Environment.GetEnvironmentVariable(AheadVariable)) with
        {
            OnIteration = e => Console.WriteLine($"committed {e.Iteration}"),
        };
        await using var pipeline = LocalPipeline.Start(options);
        await pipeline.RunAsync();
    }
}
