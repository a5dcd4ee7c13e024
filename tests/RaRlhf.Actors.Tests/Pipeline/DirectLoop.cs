using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Models.Sampling;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>
/// The reference for the pipeline: the tiny run as one plain loop over <see cref="PpoTrainer"/> — no actors, no
/// persistence, sampling from the trainer's own policy — with the same prompts, seeds and schedule.
/// </summary>
internal static class DirectLoop
{
    public static (float[] Weights, List<double> Rewards) Run(int iterations, ulong seed, decimal alpha)
    {
        var options = TinyRun.Options("unused", iterations, seed, alpha);
        var trainer = new PpoTrainer(options.CreatePolicy(), options.CreateReference(), options.Ppo);
        var sampler = new Gpt2Sampler(trainer.Policy);
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
            var gen = sampler.Generate(prompts, options.Sampling with { Seed = RolloutWorker.SeedFor(seed, m) });
            var scores = Enumerable.Range(0, b).Select(i => (float)gen.Response.AsSpan(i * g, g).Count(TinyRun.TargetToken)).ToArray();
            rewards.Add(scores.Average());
            trainer.Step(PpoEpisodes.FromPadded(prompts, gen.Response, gen.ResponseMask, g, scores), options.Risk.KeepCountAt(m));
        }

        return ((float[])trainer.Policy.Parameters.Clone(), rewards);
    }
}
