using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// Hands out prompt batches: shuffled per epoch with a fixed seed, drop_last. Event-sourced (<see cref="PromptsIssued"/>),
/// so the cursor survives restarts; a repeated request for an iteration already issued gets the same batch again.
/// </summary>
public sealed class PromptSampler(IEventJournal journal, ISnapshotStore snapshots, IReadOnlyList<int[]> prompts, ulong seed)
    : PersistentActor(journal, snapshots)
{
    private PromptsIssued? _last;

    public override string PersistenceId => "prompt-sampler";

    protected override async Task ReceiveAsync(object message)
    {
        if (message is not NextPrompts request)
        {
            throw new InvalidOperationException($"{nameof(PromptSampler)} cannot handle {message.GetType().Name}");
        }

        if (request.Count <= 0 || request.Count > prompts.Count)
        {
            throw new ArgumentException($"asked for {request.Count} prompts; the prompt set has {prompts.Count} (need 1 ≤ n ≤ {prompts.Count})");
        }

        if (_last is { } last && request.Iteration <= last.Iteration && request.Count == last.Count)
        {
            Respond(BatchOf(request.Iteration == last.Iteration ? last : Replay(request.Iteration, request.Count)));
            return;
        }

        var expected = (_last?.Iteration ?? -1) + 1;
        if (request.Iteration != expected)
        {
            throw new InvalidOperationException($"prompts for iteration {request.Iteration} requested, but the sampler is at iteration {expected}");
        }

        var (epoch, start) = _last is null ? (0, 0) : PromptOrder.Advance(_last.Epoch, _last.Start + _last.Count, request.Count, prompts.Count);
        await PersistAsync(new PromptsIssued(request.Iteration, epoch, start, request.Count), e => Respond(BatchOf(e)));
    }

    protected override void ApplyEvent(object @event) => _last = (PromptsIssued)@event;

    /// <summary>Where iteration m's batch was: every batch of a run has the same size, so the cursor walk from the
    /// start reproduces it (a run with max staleness &gt; 0 resumes behind the prompts it already issued).</summary>
    private PromptsIssued Replay(int iteration, int count)
    {
        var (epoch, next) = (0, 0);
        var start = 0;
        for (var m = 0; m <= iteration; m++)
        {
            (epoch, start) = PromptOrder.Advance(epoch, next, count, prompts.Count);
            next = start + count;
        }

        return new PromptsIssued(iteration, epoch, start, count);
    }

    private PromptBatch BatchOf(PromptsIssued e)
    {
        var indices = PromptOrder.Batch(prompts.Count, seed, e.Epoch, e.Start, e.Count);
        return new PromptBatch(e.Iteration, e.Epoch, indices, indices.Select(i => prompts[i]).ToArray());
    }
}
