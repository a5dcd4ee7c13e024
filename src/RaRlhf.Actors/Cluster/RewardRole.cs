using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Pipeline.Rewards;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// A reward node's scorer: takes one <see cref="RolloutChunk"/> at a time, scores every episode with the workload's
/// <see cref="IRewardModel"/> (one finite score each, checked), sends the <see cref="ScoredChunk"/> to the learner
/// queue and then acknowledges. Scores depend only on the episode, so any reward node may score any chunk.
/// </summary>
public sealed class RewardRole(ClusterContext cx)
{
    public async Task RunAsync(CancellationToken ct)
    {
        var model = cx.Workload.Reward;
        await using var consumer = await cx.Transport.ConsumeAsync(cx.Names.RewardQueue, 1, ct);
        var items = 0;
        while (true)
        {
            if (await cx.ReceiveOrIdleAsync(consumer, ct) is not { } delivery)
            {
                if (await cx.RunFinishedAsync(ct)) break;
                continue;
            }

            if (await cx.DecodeAsync<RolloutChunk>(consumer, delivery) is not { } chunk) continue;
            var prompts = chunk.Work.Prompts;
            var inputs = prompts.Select((p, i) => new RewardInput(cx.Workload.Decode(p), cx.Workload.Decode(chunk.ResponseIds[i]), p, chunk.ResponseIds[i])).ToArray();
            var scoring = System.Diagnostics.Stopwatch.StartNew();
            var output = await model.ScoreAsync(inputs, ct);
            var scored = scoring.Elapsed;
            if (output.Scores.Length != inputs.Length || output.Scores.Any(s => !float.IsFinite(s)))
            {
                throw new InvalidOperationException($"reward model {model.Name} returned {output.Scores.Length} scores for the {inputs.Length} episodes of chunk {chunk.Work.Id} (or a non-finite one); it must return one finite score per episode");
            }

            await cx.SendAsync(cx.Names.LearnQueue, new ScoredChunk(chunk, output.Scores, output.Extra.ToDictionary(), cx.Node), ct);
            await consumer.AckAsync(delivery, ct);
            cx.Progress($"reward scored {chunk.Work.Id}: ms score {scored.TotalMilliseconds:F0}");
            items++;
        }

        cx.Progress($"reward done: {items} chunks");
    }
}
