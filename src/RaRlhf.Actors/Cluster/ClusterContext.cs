using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Transport;
using Serilog;

namespace RaRlhf.Actors.Cluster;

/// <summary>What every role of a node shares: the transport, the run's stores, the workload and the node's identity.
/// <paramref name="Output"/> gets one plain progress line per handled work item (tests and operators read it).</summary>
public sealed record ClusterContext(
    IMessageTransport Transport,
    IEventJournal Journal,
    ISnapshotStore Snapshots,
    IBlobStore Blobs,
    PipelineOptions Workload,
    ClusterSettings Settings,
    string Node,
    ILogger Logger,
    TextWriter Output)
{
    public MessageCodec Codec { get; } = new(ClusterPayloads.Serializer());

    public ClusterNames Names => Settings.Names;

    /// <summary>Iterations of the whole run (M).</summary>
    public int Iterations => Workload.Iterations;

    /// <summary>Declares every work queue of the run (idempotent; each node does it, whichever starts first).</summary>
    public async Task DeclareQueuesAsync(CancellationToken ct)
    {
        foreach (var queue in new[] { Names.RolloutQueue, Names.RewardQueue, Names.LearnQueue, Names.StatusQueue })
        {
            await Transport.DeclareQueueAsync(queue, Settings.QueueCapacity, ct);
        }
    }

    /// <summary>The run is over once the learner journaled all M iterations.</summary>
    public async Task<bool> RunFinishedAsync(CancellationToken ct) =>
        await Journal.ReadHighestSequenceNrAsync(ClusterNames.LearnerId, ct) >= Iterations;

    public Task SendAsync(string queue, object message, CancellationToken ct) => Transport.SendAsync(queue, Codec.Encode(message), ct);

    /// <summary>The next delivery, or null when none came within <see cref="ClusterSettings.IdleCheck"/>.</summary>
    public async Task<Delivery?> ReceiveOrIdleAsync(IQueueConsumer consumer, CancellationToken ct)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        idle.CancelAfter(Settings.IdleCheck);
        try
        {
            return await consumer.ReceiveAsync(idle.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception error) when (idle.IsCancellationRequested && !ct.IsCancellationRequested && RaRlhf.Actors.Transport.RabbitMq.BrokerErrors.IsConnectionLoss(error))
        {
            // The idle timeout fired while a broker get was failing with the connection: the transport retries a lost
            // connection only while its token is live, so this is an idle period during an outage, not an error.
            return null;
        }
    }

    /// <summary>Decodes a delivery; an undecodable one (unknown type or version, bad body) is dropped and logged.</summary>
    public async Task<T?> DecodeAsync<T>(IQueueConsumer consumer, Delivery delivery) where T : class
    {
        try
        {
            if (Codec.Decode(delivery.Message, delivery.Queue) is T message) return message;
            throw new InvalidDataException($"expected {typeof(T).Name}");
        }
        catch (Exception error) when (error is InvalidDataException or UnknownManifestException or StoreCorruptedException or ArgumentException)
        {
            Logger.Error(error, "Dropping message of type {MessageType} from queue {Queue}: not a {Expected}", delivery.Message.Type, delivery.Queue, typeof(T).Name);
            await consumer.NackAsync(delivery, requeue: false, CancellationToken.None);
            return null;
        }
    }

    public void Progress(string line)
    {
        lock (Output)
        {
            Output.WriteLine($"{Node}: {line}");
            Output.Flush();
        }
    }
}
