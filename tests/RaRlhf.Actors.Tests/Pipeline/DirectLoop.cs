using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Models.Sampling;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// The reference for the pipeline: the tiny run as one plain loop over <see cref="PpoTrainer"/> — no actors, no
/// persistence — with the same prompts, seeds and schedule. Iteration m's responses are sampled from the weights
/// after max(0, m − <c>lag</c>) steps (a separate model copy; lag is the pipeline's max staleness, 0 = synchronous),
/// then the trainer steps on them with its current weights.
/// </summary>
internal static class DirectLoop
{
    public static (float[] Weights, List<double> Rewards) Run(int iterations, ulong seed, decimal alpha, int lag = 0)
    {
        var options = TinyRun.Options("unused", iterations, seed, alpha);
        var trainer = new PpoTrainer(options.CreatePolicy(), options.CreateReference(), options.Ppo);
        var behaviour = options.CreatePolicy();
        var sampler = new Gpt2Sampler(behaviour);
        var versions = new List<float[]> { (float[])trainer.Policy.Parameters.Clone() };
        int b = options.Ppo.BatchSize, g = options.Sampling.MaxNewTokens, next = 0, epoch = 0;
        var rewards = new List<double>();
        for (var m = 0; m < iterations; m++)
        {
            if (next + b > options.Prompts.Count)
            {
                (epoch, next) = (epoch + 1, 0);
            }

            var prompts = PromptOrder.Batch(options.Prompts.Count, seed, epoch, next, b).Select(i => options.Prompts[i]).ToList();
            next += b;
            versions[Math.Max(0, m - lag)].CopyTo(behaviour.Parameters, 0);
            var gen = sampler.Generate(prompts, options.Sampling with { Seed = RolloutWorker.SeedFor(seed, m) });
            var scores = Enumerable.Range(0, b).Select(i => (float)gen.Response.AsSpan(i * g, g).Count(TinyRun.TargetToken)).ToArray();
            rewards.Add(scores.Average());
            trainer.Step(PpoEpisodes.FromPadded(prompts, gen.Response, gen.ResponseMask, g, scores), options.Risk.KeepCountAt(m));
            versions.Add((float[])trainer.Policy.Parameters.Clone());
        }

        return (versions[^1], rewards);
    }
}
