using System.Diagnostics;
using RaRlhf.Models;
using RaRlhf.Models.Heads;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;
using RaRlhf.Tensors.Optim;

namespace RaRlhf.Rl.Training;

/// <summary>
/// TRL 0.7.2 legacy <c>PPOTrainer.step</c> with the model, plus the paper's CVaR batch filter: no-grad forwards of the
/// policy (old log-probs, values) and the frozen reference → <see cref="PpoBatch.Prepare"/> (shaped rewards, GAE, CVaR,
/// whitening) → ppo_epochs × shuffled mini-batches of forward + <see cref="PpoLoss"/> + backward, Adam (torch.optim.Adam,
/// no decay) → β update from the batch KL. Deterministic: the only randomness is the (seed, step) permutation.
/// </summary>
public sealed class PpoTrainer
{
    private readonly PolicyValueModel _policy;
    private readonly PolicyValueModel _reference;
    private readonly Adam _adam;
    private IKlController _kl;
    private RunningMoments _scoreMoments = new();

    /// <param name="policy">GPT-2 with a value head; trained in place.</param>
    /// <param name="reference">The frozen reference policy (same vocabulary); never modified.</param>
    /// <param name="forwardBatchSize">Rows per no-grad forward (memory only: rows never interact).</param>
    public PpoTrainer(Gpt2Model policy, Gpt2Model reference, PpoSettings settings, int forwardBatchSize = 16)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(reference);
        Settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        if (!policy.Layout.Heads.HasFlag(Gpt2Heads.Value))
        {
            throw new ArgumentException("the policy needs a value head (load it with Gpt2Heads.Value)", nameof(policy));
        }

        if (ReferenceEquals(policy, reference) || reference.Config.VocabSize != policy.Config.VocabSize)
        {
            throw new ArgumentException("the reference must be a separate model with the policy's vocabulary", nameof(reference));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(forwardBatchSize);
        ForwardBatchSize = forwardBatchSize;
        _policy = new PolicyValueModel(policy);
        _reference = new PolicyValueModel(reference);
        _adam = new Adam(policy.Parameters.Length, new AdamSettings((float)Settings.LearningRate, 0.9f, 0.999f, 1e-8f));
        _kl = IKlController.Create(Settings);
    }

    public PpoSettings Settings { get; }

    public int ForwardBatchSize { get; }

    public Gpt2Model Policy => _policy.Model;

    public Gpt2Model Reference => _reference.Model;

    /// <summary>The current KL coefficient β.</summary>
    public double KlCoef => _kl.Value;

    /// <summary>PPO steps done so far (the next step's index m).</summary>
    public long StepCount { get; private set; }

    /// <summary>One PPO step on a batch of exactly batch_size episodes: <see cref="Evaluate"/>, the CVaR selection on
    /// its episode returns, <see cref="Finish"/>.</summary>
    /// <param name="keepCount">CVaR B0 from the risk schedule; null or B = plain PPO.</param>
    public PpoStepReport Step(PpoEpisodes episodes, int? keepCount = null, CvarRankBy rankBy = CvarRankBy.Return)
    {
        var pending = Evaluate(episodes);
        return Finish(pending, CvarFilter.Select(pending.EpisodeReturns, pending.Scores, keepCount ?? episodes.Count, rankBy));
    }

    /// <summary>The first half of a step: no-grad forwards, score scaling, shaped rewards, GAE, episode returns.
    /// Finish it with <see cref="Finish"/> before evaluating another batch.</summary>
    public PpoPendingStep Evaluate(PpoEpisodes episodes)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        episodes.Validate(Policy.Config.VocabSize, Math.Min(Policy.Config.NPositions, Reference.Config.NPositions));
        if (episodes.Count != Settings.BatchSize)
        {
            throw new ArgumentException($"got {episodes.Count} episodes but batch_size is {Settings.BatchSize}");
        }

        var clock = Stopwatch.StartNew();
        var all = Enumerable.Range(0, episodes.Count).ToArray();
        var rollout = NoGradForward.Run(_policy, _reference, episodes, all, ForwardBatchSize, Settings.KlPenalty);
        var timeForward = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var scores = Settings.UseScoreScaling ? _scoreMoments.Scale(episodes.Scores, Settings.UseScoreNorm) : episodes.Scores;
        var evaluated = PpoBatch.Evaluate(rollout(scores), Settings, _kl.Value);
        return new PpoPendingStep(episodes, evaluated, StepCount, timeForward, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The second half of a step: the CVaR selection applied, whitening, ppo_epochs of mini-batches, β update.</summary>
    public PpoStepReport Finish(PpoPendingStep pending, CvarSelection selection)
    {
        ArgumentNullException.ThrowIfNull(pending);
        if (pending.Step != StepCount)
        {
            throw new InvalidOperationException($"the pending step was evaluated at step {pending.Step}; the trainer is at step {StepCount}");
        }

        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        var episodes = pending.Episodes;
        var klCoef = pending.Batch.KlCoef;
        var batch = PpoBatch.Prepare(pending.Batch, selection);
        var timeRewards = pending.RewardSeconds + clock.Elapsed.TotalSeconds;

        clock.Restart();
        var (results, epochs, gradNorm) = Optimize(episodes, batch);
        var timeOptimize = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var summary = PpoStepSummary.From(results);
        _kl.Update(batch.Statistics.Kl, Settings.BatchSize);
        var stats = PpoStepStats.Collect(episodes, batch, summary, klCoef, _kl.Value, Settings.LearningRate, epochs, gradNorm);
        stats["time/ppo/forward_pass"] = pending.ForwardSeconds;
        stats["time/ppo/compute_rewards"] = timeRewards;
        stats["time/ppo/optimize_step"] = timeOptimize;
        stats["time/ppo/calc_stats"] = clock.Elapsed.TotalSeconds;
        stats["time/ppo/total"] = pending.ForwardSeconds + pending.RewardSeconds + total.Elapsed.TotalSeconds;
        StepCount++;
        return new PpoStepReport(stats, batch, summary);
    }

    /// <summary>Copies of the weights, Adam state, β, step counter and score moments.</summary>
    public PpoTrainerState Capture() => new(
        (float[])Policy.Parameters.Clone(), _adam.State.Step, (float[])_adam.State.M.Clone(), (float[])_adam.State.V.Clone(),
        _kl.Value, StepCount, _scoreMoments.Mean, _scoreMoments.Variance, _scoreMoments.Std, _scoreMoments.Count);

    /// <summary>Restores a <see cref="Capture"/>; the next <see cref="Step"/> continues exactly as the original run.</summary>
    public void Restore(PpoTrainerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Weights.Length != Policy.Parameters.Length)
        {
            throw new ArgumentException($"snapshot holds {state.Weights.Length} weights, the policy has {Policy.Parameters.Length}");
        }

        state.Weights.CopyTo(Policy.Parameters, 0);
        _adam.LoadState(state.AdamStep, state.AdamM, state.AdamV);
        _kl = Settings.AdaptiveKlControl
            ? new AdaptiveKlController(state.KlCoef, Settings.Target, Settings.Horizon)
            : new FixedKlController(state.KlCoef);
        StepCount = state.PpoStep;
        _scoreMoments = new RunningMoments(state.ScoreMean, state.ScoreVariance, state.ScoreStd, state.ScoreCount);
    }

    private (List<PpoLossResult> Results, int Epochs, double GradNorm) Optimize(PpoEpisodes episodes, PreparedBatch batch)
    {
        var plan = MiniBatchPlan.Create(Settings, StepCount);
        var results = new List<PpoLossResult>();
        int epochs = 0, cols = batch.Mask.Cols;
        var gradNorm = double.NaN;
        foreach (var epoch in plan.Epochs)
        {
            epochs++;
            foreach (var step in epoch.Steps)
            {
                Policy.ZeroGrad();
                foreach (var rows in step.MiniBatches)
                {
                    var packed = new PackedEpisodes(episodes, rows, cols);
                    var (lp, v, entropy) = packed.Align(_policy.Forward(packed.Ids, packed.Mask, packed.Rows, packed.T));
                    var r = PpoLoss.Compute(batch, rows, lp, v!, Settings, entropy, plan.LossScale);
                    results.Add(r);
                    if (!r.Skipped && !r.Empty)
                    {
                        _policy.Backward(packed.Scatter(r.GradLogProbs, packed.T - 1), packed.Scatter(r.GradValues, packed.T));
                    }
                }

                if (Settings.MaxGradNorm is { } max)
                {
                    gradNorm = GradientClipping.ClipGlobalNorm([Policy.Gradients], max);
                }

                // TRL steps even when a mini-batch was skipped (zero gradient: Adam still moves by its momentum).
                _adam.Step(Policy.Parameters, Policy.Gradients);
            }

            if (EarlyStopping.ShouldStop(Settings, results[^1].Statistics.PolicyKl))
            {
                break;
            }
        }

        return (results, epochs, gradNorm);
    }
}
