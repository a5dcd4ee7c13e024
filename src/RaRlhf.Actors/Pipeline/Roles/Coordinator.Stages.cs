using RaRlhf.Actors.Pipeline.Messages;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>The fan-out stages the coordinator's loops share: announcing a policy, generating and scoring one batch
/// split across the workers / scorers in contiguous chunks.</summary>
public sealed partial class Coordinator
{
    private async Task PublishAsync(PolicyPublished policy, CancellationToken ct)
    {
        foreach (var worker in roles.Workers)
        {
            await worker.TellAsync(policy, ct);
        }
    }

    /// <summary>Generates contiguous chunks on every worker at once (each sampling its rows as the whole batch would)
    /// and concatenates them in order. <paramref name="version"/> null = each worker's newest policy; the batch's
    /// version is then the oldest of its chunks'.</summary>
    private async Task<Rollouts> GenerateAsync(PromptBatch batch, long? version, CancellationToken ct)
    {
        var n = Math.Min(roles.Workers.Count, batch.Prompts.Count);
        if (n == 1)
        {
            object whole = version is { } v ? new Generate(batch, v) : new GenerateLatest(batch, 0, batch.Prompts.Count);
            return await roles.Workers[0].AskAsync<Rollouts>(whole, askTimeout, ct);
        }

        var chunks = Enumerable.Range(0, n).Select(i => (Start: i * batch.Prompts.Count / n, End: (i + 1) * batch.Prompts.Count / n)).ToArray();
        var parts = await Task.WhenAll(chunks.Select((c, i) =>
        {
            var part = batch with
            {
                Indices = batch.Indices[c.Start..c.End],
                Prompts = batch.Prompts.Skip(c.Start).Take(c.End - c.Start).ToArray(),
            };
            object ask = version is { } v
                ? new GenerateRows(new Generate(part, v), c.Start, batch.Prompts.Count)
                : new GenerateLatest(part, c.Start, batch.Prompts.Count);
            return roles.Workers[i].AskAsync<Rollouts>(ask, askTimeout, ct);
        }));
        return new Rollouts(batch.Iteration, parts.SelectMany(p => p.PromptIds).ToArray(), parts.SelectMany(p => p.ResponseIds).ToArray(),
            parts.SelectMany(p => p.BehaviourLogProbs).ToArray(), parts.Min(p => p.PolicyVersion));
    }

    /// <summary>Scores contiguous chunks on every scorer at once and concatenates them in order; extra metrics are
    /// episode-weighted means of the chunks'.</summary>
    private async Task<ScoredRollouts> ScoreAsync(Rollouts rollouts, CancellationToken ct)
    {
        var n = Math.Min(roles.Scorers.Count, rollouts.Count);
        var chunks = Enumerable.Range(0, n).Select(i => (Start: i * rollouts.Count / n, End: (i + 1) * rollouts.Count / n)).ToArray();
        var asks = chunks.Select((c, i) => roles.Scorers[i].AskAsync<ScoredRollouts>(new Score(Slice(rollouts, c.Start, c.End)), askTimeout, ct));
        var parts = await Task.WhenAll(asks);
        var extra = parts.SelectMany((p, i) => p.Extra.Select(e => (e.Key, Weighted: e.Value * (chunks[i].End - chunks[i].Start))))
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Weighted) / rollouts.Count);
        return new ScoredRollouts(rollouts, parts.SelectMany(p => p.Scores).ToArray(), extra);
    }

    private static Rollouts Slice(Rollouts r, int start, int end) => r with
    {
        PromptIds = r.PromptIds.Skip(start).Take(end - start).ToArray(),
        ResponseIds = r.ResponseIds.Skip(start).Take(end - start).ToArray(),
        BehaviourLogProbs = r.BehaviourLogProbs.Skip(start).Take(end - start).ToArray(),
    };
}
