using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.InMemory;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Transport;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>Cluster roles in one process: in-process transport, in-memory journal and snapshots, a file blob store.
/// Each "node" gets its own context (name) over the shared transport and stores, as separate processes would.</summary>
internal sealed class InProcessCluster(string runDirectory, PipelineOptions workload, int chunks, int snapshotEvery = 10) : IAsyncDisposable
{
    private readonly PayloadSerializer _serializer = ClusterPayloads.Serializer();

    public InProcessTransport Transport { get; } = new();

    public InMemoryEventJournal Journal { get; } = new(ClusterPayloads.Serializer());

    public InMemorySnapshotStore Snapshots { get; } = new(ClusterPayloads.Serializer());

    public FileBlobStore Blobs { get; } = new(Path.Combine(runDirectory, "blobs"));

    public StringWriter Output { get; } = new();

    public ClusterSettings Settings { get; } = new("inproc", "tiny", "amqp://unused", "unused", chunks, 64, 0,
        TimeSpan.FromMilliseconds(50), TimeSpan.Zero, snapshotEvery);

    public ClusterContext Node(string name) =>
        new(Transport, Journal, Snapshots, Blobs, workload, Settings, name, Serilog.Core.Logger.None, Output);

    public PayloadSerializer Serializer => _serializer;

    public async ValueTask DisposeAsync()
    {
        await Blobs.DisposeAsync();
        await Transport.DisposeAsync();
    }
}
