using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Sqlite;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>
/// The crash tests' child process, without a separate project: <c>dotnet RaRlhf.Actors.Tests.dll</c> with
/// <see cref="ModeVariable"/> set starts this workload from the module initializer (before the empty generated test
/// entry point), writes one line per durable step to stdout and runs until killed. In the test host the variable is unset and nothing happens.
/// </summary>
internal static class CrashChild
{
    public const string ModeVariable = "RARLHF_CRASH_CHILD";
    public const string DirectoryVariable = "RARLHF_CRASH_CHILD_DIR";
    public const string CounterMode = "counter";
    public const string BlobMode = "blobs";
    public const string LockMode = "lock";
    public const string CounterId = "crash-counter";
    public const int NoteBytes = 20_000;
    public const int SnapshotEvery = 7;

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255", Justification = "Lets the test assembly double as the crash-test child process.")]
    internal static void RunIfChild()
    {
        var mode = Environment.GetEnvironmentVariable(ModeVariable);
        if (string.IsNullOrEmpty(mode)) return;
        var directory = Environment.GetEnvironmentVariable(DirectoryVariable)
            ?? throw new InvalidOperationException($"{DirectoryVariable} is not set");

        // The workload runs on a foreground thread: the runtime keeps the process alive for it after the empty Main
        // returns. Running it here would deadlock, since other threads wait for this module initializer to finish.
        new Thread(() => Run(mode, directory)) { IsBackground = false, Name = "crash-child" }.Start();
    }

    private static void Run(string mode, string directory)
    {
        try
        {
            var workload = mode switch
            {
                CounterMode => RunCounterAsync(directory),
                BlobMode => RunBlobsAsync(directory),
                LockMode => HoldLockAsync(directory),
                _ => throw new ArgumentException($"unknown crash child mode '{mode}'"),
            };
            workload.GetAwaiter().GetResult();
            Environment.Exit(0);
        }
        catch (Exception error)
        {
            Console.Error.WriteLine(error);
            Environment.Exit(3);
        }
    }

    /// <summary>Recovers the counter, then increments by the next sequence number forever, two events per append.</summary>
    private static async Task RunCounterAsync(string directory)
    {
        await using var stores = SqlitePersistence.Open(directory, TestPayloads.Serializer());
        await using var system = new ActorSystem("crash-child", Logger.None);
        var counter = system.Spawn("counter",
            () => new CounterActor(CounterId, stores.Journal, stores.Snapshots, SnapshotEvery));
        var report = await counter.AskAsync<CounterReport>(new GetCount(), TimeSpan.FromSeconds(30));
        Console.WriteLine($"recovered {report.LastSequenceNr}");
        while (true)
        {
            var by = (int)(report.LastSequenceNr + 1);
            report = await counter.AskAsync<CounterReport>(new Increment(by, NoteBytes), TimeSpan.FromSeconds(30));
            Console.WriteLine($"committed {report.LastSequenceNr}");
        }
    }

    /// <summary>Takes the run directory lock and holds it until killed.</summary>
    private static async Task HoldLockAsync(string directory)
    {
        using var held = RunDirectoryLock.Acquire(directory);
        Console.WriteLine("committed locked");
        await Task.Delay(Timeout.Infinite);
    }

    /// <summary>Puts random 0.5–2 MB blobs forever.</summary>
    private static async Task RunBlobsAsync(string directory)
    {
        var store = new FileBlobStore(directory);
        var random = new Random(Environment.ProcessId);
        Console.WriteLine("recovered 0");
        while (true)
        {
            var bytes = new byte[random.Next(512 << 10, 2 << 20)];
            random.NextBytes(bytes);
            var id = await store.PutAsync(bytes);
            Console.WriteLine($"committed {id}");
        }
    }
}
