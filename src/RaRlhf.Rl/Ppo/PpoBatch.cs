using RaRlhf.Rl.Risk;

namespace RaRlhf.Rl.Ppo;

/// <summary>
/// The model-free half of TRL's <c>PPOTrainer.step</c> before the epochs, with the paper's CVaR filter:
/// score clip → KL penalty → shaped rewards → GAE (original mask) → CVaR selection on episode returns →
/// advantages whitened over the kept tokens → statistics. Per-row GAE does not mix episodes, so computing it
/// before the filter equals computing it on the kept rows only. Two stages (<see cref="Evaluate"/> → returns,
/// <see cref="Prepare(EvaluatedPpoBatch, CvarSelection)"/> with a selection) so the selection can be made elsewhere
/// (the pipeline's CvarFilter actor); the one-call <c>Prepare</c> composes them.
/// </summary>
public static class PpoBatch
{
    /// <summary>Both stages in one call: <see cref="Evaluate"/>, <see cref="CvarFilter.Select"/> on its episode
    /// returns, <see cref="Prepare(EvaluatedPpoBatch, CvarSelection)"/>.</summary>
    /// <param name="keepCount">B0 from the risk schedule; null or B = keep all (plain RLHF).</param>
    public static PreparedBatch Prepare(PpoRollout rollout, PpoSettings settings, double klCoef, int? keepCount = null, CvarRankBy rankBy = CvarRankBy.Return)
    {
        var evaluated = Evaluate(rollout, settings, klCoef);
        return Prepare(evaluated, CvarFilter.Select(evaluated.EpisodeReturns, evaluated.Scores, keepCount ?? evaluated.BatchSize, rankBy));
    }

    /// <summary>Stage 1: score clip → KL penalty → shaped rewards → GAE (original mask) → episode returns.</summary>
    public static EvaluatedPpoBatch Evaluate(PpoRollout rollout, PpoSettings settings, double klCoef)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(settings);
        rollout.Validate();
        var mask = rollout.Mask;
        if (mask.Rows != settings.BatchSize)
        {
            throw new ArgumentException($"the rollout has {mask.Rows} episodes but batch_size is {settings.BatchSize}; the mini-batch plan covers batch_size rows");
        }

        var scores = ClipScores(rollout.Scores, settings.ScoreClip);

        var kl = settings.KlPenalty == KlPenaltyKind.Full
            ? rollout.KlPerToken ?? throw new ArgumentException("kl_penalty 'full' needs PpoRollout.KlPerToken (from KlPenalty.Full per token)")
            : KlPenalty.PerToken(settings.KlPenalty, rollout.LogProbs, rollout.RefLogProbs);
        var shaped = RewardShaping.Compute(scores, kl, mask, klCoef);
        var gae = Gae.Compute(rollout.Values, shaped.Rewards, mask, settings.Gamma, settings.Lam, settings.WhitenRewards);
        return new EvaluatedPpoBatch(rollout, settings, klCoef, scores, shaped, gae, CvarFilter.EpisodeReturns(gae.Returns, mask));
    }

    /// <summary>Stage 2: the CVaR selection applied to the mask → advantages whitened over the kept tokens → statistics.</summary>
    public static PreparedBatch Prepare(EvaluatedPpoBatch evaluated, CvarSelection cvar)
    {
        ArgumentNullException.ThrowIfNull(evaluated);
        ArgumentNullException.ThrowIfNull(cvar);
        var (rollout, gae) = (evaluated.Rollout, evaluated.Gae);
        var kept = cvar.ApplyTo(rollout.Mask);
        if (kept.Data.Sum() < 2)
        {
            throw new ArgumentException("the kept episodes have fewer than 2 response tokens: whitening the advantages (unbiased variance) " +
                                        "needs at least 2; raise B0 or the response length");
        }

        var advantages = Masked.Whiten(gae.Advantages, kept);

        var stats = Statistics(rollout, evaluated.Scores, evaluated.Shaped.NonScoreRewards, gae, advantages, kept, cvar, evaluated.KlCoef);
        return new PreparedBatch(rollout.LogProbs, gae.MaskedValues, advantages, gae.Returns, kept, evaluated.Shaped.Rewards,
            evaluated.Shaped.NonScoreRewards, evaluated.EpisodeReturns, cvar, stats);
    }

    private static float[] ClipScores(float[] scores, double? clip)
    {
        if (clip is not { } c)
        {
            return scores;
        }

        return Array.ConvertAll(scores, s => (float)Math.Clamp(s, -c, c));
    }

    private static double SampleStd(float[] xs)
    {
        if (xs.Length < 2)
        {
            return double.NaN;
        }

        var mean = xs.Average(x => (double)x);
        return Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1));
    }

    private static BatchStatistics Statistics(PpoRollout rollout, float[] scores, TokenMatrix nonScore, GaeResult gae,
        TokenMatrix advantages, TokenMatrix kept, CvarSelection cvar, double klCoef)
    {
        double klSum = 0, entropySum = 0, scoreSum = 0, tokens = 0;
        for (var b = 0; b < kept.Rows; b++)
        {
            if (!cvar.Kept[b])
            {
                continue;
            }

            scoreSum += scores[b];
            for (var t = 0; t < kept.Cols; t++)
            {
                var m = kept[b, t];
                klSum += m * ((double)rollout.LogProbs[b, t] - rollout.RefLogProbs[b, t]);
                entropySum -= m * (double)rollout.LogProbs[b, t];
                tokens += m;
            }
        }

        var episodes = cvar.KeptCount;
        var scoreMean = scoreSum / episodes;
        double scoreSq = 0;
        for (var b = 0; b < kept.Rows; b++)
        {
            if (cvar.Kept[b])
            {
                scoreSq += (scores[b] - scoreMean) * (scores[b] - scoreMean);
            }
        }

        return new BatchStatistics(
            Kl: klSum / episodes,
            KlCoef: klCoef,
            Entropy: entropySum / episodes,
            MeanNonScoreReward: Masked.Mean(nonScore.Data, kept.Data),
            ScoreMean: scoreMean,
            ScoreStd: episodes > 1 ? Math.Sqrt(scoreSq / (episodes - 1)) : double.NaN,
            ScoreMeanAll: scores.Average(s => (double)s),
            ScoreStdAll: SampleStd(scores),
            ReturnMean: Masked.Mean(gae.Returns.Data, kept.Data),
            ReturnVar: Masked.Variance(gae.Returns.Data, kept.Data),
            AdvantageMean: Masked.Mean(advantages.Data, kept.Data),
            AdvantageVar: Masked.Variance(advantages.Data, kept.Data),
            KeptEpisodes: episodes,
            KeptTokens: (int)tokens);
    }
}
