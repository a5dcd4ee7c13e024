using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;
using RaRlhf.Tensors;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests;

/// <summary>
/// The PPO pieces learn without any network: a tabular softmax policy (one logit row per response position,
/// V tokens) and a tabular value per position, trained with <see cref="PpoBatch"/>, <see cref="MiniBatchPlan"/>
/// and <see cref="PpoLoss"/> gradients backpropagated by hand through log-softmax, with Adam. Reward = number of
/// token 0 in the response. The reference policy is the initial (uniform) one, so the KL penalty pulls back.
/// </summary>
public sealed class ToyLearningTests(ITestOutputHelper output)
{
    private const int V = 4, T = 8, B = 32;

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void TabularPolicy_CountOfTokenZero_RewardIncreases(double alpha)
    {
        var settings = new PpoSettings { BatchSize = B, MiniBatchSize = 8, GradientAccumulationSteps = 2, Seed = 3 }.Validate();
        var schedule = new RiskSchedule(B, 40, (decimal)alpha, 5, 0.8m);
        var theta = new double[T * V]; // policy logits (T, V), uniform start = the reference
        var w = new double[T];         // value per position
        var adam = new TabularAdam(T * V + T, 0.05);
        var kl = IKlController.Create(settings);
        var rng = new SplitMix64(11);
        var refLogp = (float)Math.Log(1.0 / V);
        var history = new List<double>();

        for (var m = 0; m < schedule.Iterations; m++)
        {
            var tokens = new int[B, T];
            var rollout = Sample(theta, w, rng, tokens, refLogp);
            history.Add(rollout.Scores.Average());
            var batch = PpoBatch.Prepare(rollout, settings, kl.Value, schedule.KeepCountAt(m));
            var plan = MiniBatchPlan.Create(settings, m);
            foreach (var epoch in plan.Epochs)
            {
                foreach (var step in epoch.Steps)
                {
                    var grad = new double[T * V + T];
                    foreach (var rows in step.MiniBatches)
                    {
                        var (logp, vpred, probs) = Forward(theta, w, tokens, rows);
                        var r = PpoLoss.Compute(batch, rows, logp, vpred, settings, lossScale: plan.LossScale);
                        for (var i = 0; i < rows.Length; i++)
                        {
                            for (var t = 0; t < T; t++)
                            {
                                // ∂logp(a)/∂θ[t, j] = 1[j = a] − p_j
                                for (var j = 0; j < V; j++)
                                {
                                    grad[t * V + j] += r.GradLogProbs[i, t] * ((j == tokens[rows[i], t] ? 1 : 0) - probs[t * V + j]);
                                }

                                grad[T * V + t] += r.GradValues[i, t];
                            }
                        }
                    }

                    adam.Step(theta, w, grad);
                }
            }

            kl.Update(batch.Statistics.Kl, B);
        }

        var first = history.Take(5).Average();
        var last = history.TakeLast(5).Average();
        output.WriteLine($"alpha {alpha}: mean reward first 5 iterations {first:F2}, last 5 {last:F2} (of max {T}); beta {kl.Value:F4}");
        Assert.True(last > first + 2.0, $"reward did not increase enough: {first:F2} → {last:F2}");
    }

    private static PpoRollout Sample(double[] theta, double[] w, SplitMix64 rng, int[,] tokens, float refLogp)
    {
        var logp = new TokenMatrix(B, T);
        var values = new TokenMatrix(B, T);
        var mask = new TokenMatrix(B, T);
        mask.Data.AsSpan().Fill(1);
        var refs = new TokenMatrix(B, T);
        refs.Data.AsSpan().Fill(refLogp);
        var scores = new float[B];
        var probs = Softmax(theta);
        for (var b = 0; b < B; b++)
        {
            for (var t = 0; t < T; t++)
            {
                var u = rng.NextUnit();
                var a = 0;
                for (var acc = probs[t * V]; a < V - 1 && u >= acc; acc += probs[t * V + ++a])
                {
                }

                tokens[b, t] = a;
                logp[b, t] = (float)Math.Log(probs[t * V + a]);
                values[b, t] = (float)w[t];
                scores[b] += a == 0 ? 1 : 0;
            }
        }

        return new PpoRollout(scores, logp, refs, values, mask);
    }

    private static (TokenMatrix LogProbs, TokenMatrix Values, double[] Probs) Forward(double[] theta, double[] w, int[,] tokens, int[] rows)
    {
        var probs = Softmax(theta);
        var logp = new TokenMatrix(rows.Length, T);
        var v = new TokenMatrix(rows.Length, T);
        for (var i = 0; i < rows.Length; i++)
        {
            for (var t = 0; t < T; t++)
            {
                logp[i, t] = (float)Math.Log(probs[t * V + tokens[rows[i], t]]);
                v[i, t] = (float)w[t];
            }
        }

        return (logp, v, probs);
    }

    private static double[] Softmax(double[] theta)
    {
        var p = new double[theta.Length];
        for (var t = 0; t < T; t++)
        {
            var max = theta.Skip(t * V).Take(V).Max();
            double sum = 0;
            for (var j = 0; j < V; j++)
            {
                sum += p[t * V + j] = Math.Exp(theta[t * V + j] - max);
            }

            for (var j = 0; j < V; j++)
            {
                p[t * V + j] /= sum;
            }
        }

        return p;
    }
}
