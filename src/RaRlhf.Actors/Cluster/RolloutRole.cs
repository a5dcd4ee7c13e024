using System.Diagnostics;
using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Models;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// A rollout node's worker: takes one <see cref="RolloutWork"/> at a time (prefetch 1), loads the policy version the
/// item names from the blob store (SHA-256 checked against the announcement), generates its rows with
/// <see cref="ChunkSampler"/> and the iteration's seed, sends the chunk to the reward queue and only then
/// acknowledges. A node that dies holding an item has it redelivered to another node. PolicyPublished announcements
/// (fanout topic) let it fetch the next weights before the next work arrives. It stops once the run is finished.
/// </summary>
public sealed class RolloutRole(ClusterContext cx)
{
    private readonly SemaphoreSlim _modelLock = new(1, 1);
    private Gpt2Model? _model;
    private ChunkSampler? _sampler;
    private long _version = -1;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var consumer = await cx.Transport.ConsumeAsync(cx.Names.RolloutQueue, 1, ct);
        await using var announcements = await cx.Transport.SubscribeAsync(cx.Names.PolicyTopic, 4, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var prefetch = PrefetchAsync(announcements, stop.Token);
        var items = 0;
        try
        {
            while (true)
            {
                if (await cx.ReceiveOrIdleAsync(consumer, ct) is not { } delivery)
                {
                    if (await cx.RunFinishedAsync(ct)) break;
                    continue;
                }

                if (await cx.DecodeAsync<RolloutWork>(consumer, delivery) is not { } work) continue;
                cx.Progress($"rollout took {work.Id}{(delivery.Redelivered ? " (redelivered)" : "")}");
                if (cx.Settings.RolloutHold > TimeSpan.Zero) await Task.Delay(cx.Settings.RolloutHold, ct); // fault drills only
                RolloutChunk chunk;
                try
                {
                    chunk = await GenerateAsync(work, delivery.Redelivered, ct);
                }
                catch (BlobNotFoundException)
                {
                    // Pruned (PolicyBlobPruning): the learner is past this item's iteration, so its chunk is not needed.
                    cx.Logger.Warning("Work {Work} names pruned policy v{PolicyVersion}; acknowledged without generating", work.Id, work.Policy.Version);
                    await consumer.AckAsync(delivery, ct);
                    continue;
                }

                await cx.SendAsync(cx.Names.RewardQueue, chunk, ct);
                await consumer.AckAsync(delivery, ct);
                items++;
            }
        }
        finally
        {
            await stop.CancelAsync();
            await prefetch;
        }

        cx.Progress($"rollout done: {items} work items");
    }

    private async Task<RolloutChunk> GenerateAsync(RolloutWork work, bool redelivered, CancellationToken ct)
    {
        var sampling = cx.Workload.Sampling with { Seed = RolloutWorker.SeedFor(cx.Workload.Seed, work.Iteration) };
        Models.Sampling.GenerationResult gen;
        var clock = Stopwatch.StartNew();
        TimeSpan loaded;
        await _modelLock.WaitAsync(ct); // a prefetch must not swap the weights under a generation
        try
        {
            await LoadLockedAsync(work.Policy, ct);
            loaded = clock.Elapsed;
            gen = _sampler!.Generate(work.Prompts, sampling, work.Start, work.BatchSize);
        }
        finally
        {
            _modelLock.Release();
        }

        cx.Progress(GeneratedLine(work.Id, loaded, clock.Elapsed - loaded));

        var responses = new int[gen.B][];
        for (var b = 0; b < gen.B; b++)
        {
            var mask = gen.ResponseMask.AsSpan(b * gen.G, gen.G);
            var length = mask.IndexOf(0f) is var z and >= 0 ? z : gen.G;
            responses[b] = gen.Response.AsSpan(b * gen.G, length).ToArray();
        }

        return new RolloutChunk(work, responses, cx.Node, redelivered);
    }

    /// <summary>The progress line after an item's generation; `node bench` reads the generation time back from it.</summary>
    internal static string GeneratedLine(string workId, TimeSpan policyLoad, TimeSpan generate) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"rollout generated {workId}: ms policy wait/load {policyLoad.TotalMilliseconds:F0} generate {generate.TotalMilliseconds:F0}");

    /// <summary>Fetches each announced policy ahead of its work items; failures only cost the head start.</summary>
    private async Task PrefetchAsync(Transport.ISubscription announcements, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                var message = await announcements.ReceiveAsync(ct);
                if (cx.Codec.Decode(message, cx.Names.PolicyTopic) is PolicyPublished policy && policy.Version < cx.Iterations)
                {
                    await _modelLock.WaitAsync(ct);
                    try
                    {
                        await LoadLockedAsync(policy, ct);
                    }
                    finally
                    {
                        _modelLock.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            cx.Logger.Warning(error, "Policy prefetch stopped; work items still load their policy themselves");
        }
    }

    private async Task LoadLockedAsync(PolicyPublished policy, CancellationToken ct)
    {
        if (policy.Version == _version) return;
        var bytes = await cx.Blobs.GetAsync(BlobId.Parse(policy.BlobId), ct); // verified against the id
        if (!string.Equals(BlobId.Of(bytes).Sha256, policy.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"policy v{policy.Version}: blob {policy.BlobId} does not hash to the announced {policy.Sha256}");
        }

        _model ??= cx.Workload.CreatePolicy();
        PolicyBlob.DecodeInto(bytes, _model); // names and shapes checked: same config on every node?
        _sampler ??= new ChunkSampler(_model);
        _version = policy.Version;
    }
}
