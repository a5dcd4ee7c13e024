using System.Diagnostics;
using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Models;
using Serilog;

namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// Drives an <see cref="Evaluator"/> through a plan: prompt batches, then perplexity batches, one ask at a time
/// (the evaluator is one actor; its bounded mailbox is the backpressure), with progress after every
/// <see cref="EvaluationPlan.ProgressEvery"/> items. <see cref="RunLocalAsync"/> hosts the evaluator in its own
/// local <see cref="ActorSystem"/>.
/// </summary>
public static class EvaluationRunner
{
    // A failed batch is not re-delivered: the ask fails with the evaluator's own exception, which names the problem
    // (transient reward-server errors are retried inside the HTTP scorer).
    private static readonly ActorOptions Options = new()
    {
        MailboxCapacity = 2,
        Supervision = SupervisorStrategy.Default with { RedeliverInFlight = false },
    };

    public static async Task<EvaluationResult> RunLocalAsync(
        Gpt2Model model, IRewardModel reward, Func<int[], string> decode, EvaluatorSettings settings, EvaluationPlan plan,
        ILogger logger, Action<EvaluationProgress>? progress = null, CancellationToken cancellation = default)
    {
        var system = new ActorSystem("eval", logger);
        try
        {
            var evaluator = system.Spawn("evaluator", () => new Evaluator(model, reward, decode, settings), Options);
            return await RunAsync(evaluator, plan, progress, cancellation);
        }
        finally
        {
            await system.ShutdownAsync(ShutdownMode.HandBack, TimeSpan.FromSeconds(5));
            await system.DisposeAsync();
        }
    }

    public static async Task<EvaluationResult> RunAsync(
        ActorRef evaluator, EvaluationPlan plan, Action<EvaluationProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentOutOfRangeException.ThrowIfLessThan(plan.BatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(plan.PerplexityBatchSize, 1);
        var episodes = new List<EvaluationEpisode>(plan.Prompts.Count);
        await Batched(plan.Prompts, plan.BatchSize, "generate", async (k, batch) =>
        {
            var reply = await evaluator.AskAsync<EvaluatedPrompts>(new EvaluatePrompts(k, batch, plan.SeedFor(k)), plan.AskTimeout, cancellation);
            Require(reply.Batch == k && reply.Episodes.Count == batch.Count, $"prompt batch {k}", reply.Episodes.Count, batch.Count);
            episodes.AddRange(reply.Episodes);
        });

        var nlls = new List<float[]>(plan.PerplexityTexts.Count);
        await Batched(plan.PerplexityTexts, plan.PerplexityBatchSize, "perplexity", async (k, batch) =>
        {
            var reply = await evaluator.AskAsync<EvaluatedPerplexity>(new EvaluatePerplexity(k, batch), plan.AskTimeout, cancellation);
            Require(reply.Batch == k && reply.TokenNlls.Count == batch.Count, $"perplexity batch {k}", reply.TokenNlls.Count, batch.Count);
            nlls.AddRange(reply.TokenNlls);
        });

        return new EvaluationResult(episodes, nlls);

        async Task Batched<T>(IReadOnlyList<T> items, int size, string phase, Func<int, IReadOnlyList<T>, Task> run)
        {
            var clock = Stopwatch.StartNew();
            var reported = 0;
            for (int k = 0, start = 0; start < items.Count; k++, start += size)
            {
                cancellation.ThrowIfCancellationRequested();
                var batch = items.Skip(start).Take(size).ToArray();
                await run(k, batch);
                var done = start + batch.Length;
                if (done - reported >= plan.ProgressEvery || done == items.Count)
                {
                    progress?.Invoke(new EvaluationProgress(phase, done, items.Count, clock.Elapsed));
                    reported = done;
                }
            }
        }
    }

    private static void Require(bool ok, string what, int got, int expected)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"the evaluator answered {what} with {got} results for {expected} items");
        }
    }
}
