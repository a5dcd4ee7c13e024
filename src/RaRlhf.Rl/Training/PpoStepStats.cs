using RaRlhf.Rl.Ppo;

namespace RaRlhf.Rl.Training;

/// <summary>The per-step statistics under TRL 0.7.2's names (record_step_stats + log_stats) plus cvar/… and counters.</summary>
public static class PpoStepStats
{
    public static Dictionary<string, double> Collect(PpoEpisodes episodes, PreparedBatch batch, PpoStepSummary summary,
        double klCoef, double nextKlCoef, double learningRate, int epochs, double gradNorm)
    {
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(summary);
        var s = batch.Statistics;
        var m = summary.Mean;
        var cvar = batch.Cvar;
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["objective/kl"] = s.Kl,
            ["objective/kl_coef"] = klCoef,
            ["objective/kl_coef_next"] = nextKlCoef,
            ["objective/entropy"] = s.Entropy,
            ["ppo/mean_non_score_reward"] = s.MeanNonScoreReward,
            ["ppo/mean_scores"] = s.ScoreMean,
            ["ppo/std_scores"] = s.ScoreStd,
            ["tokens/queries_len_mean"] = episodes.Queries.Average(q => q.Length),
            ["tokens/responses_len_mean"] = episodes.Responses.Average(r => r.Length),
            ["ppo/loss/policy"] = summary.PolicyLoss,
            ["ppo/loss/value"] = summary.ValueLoss,
            ["ppo/loss/total"] = summary.TotalLoss,
            ["ppo/policy/entropy"] = m.Entropy,
            ["ppo/policy/approxkl"] = m.ApproxKl,
            ["ppo/policy/policykl"] = m.PolicyKl,
            ["ppo/policy/clipfrac"] = m.ClipFraction,
            ["ppo/policy/advantages_mean"] = m.AdvantageMean,
            ["ppo/policy/ratio_mean"] = m.MeanRatio,
            ["ppo/returns/mean"] = m.ReturnMean,
            ["ppo/returns/var"] = m.ReturnVar,
            ["ppo/val/vpred"] = m.ValuePredictionMean,
            ["ppo/val/error"] = m.ValueError,
            ["ppo/val/clipfrac"] = m.ValueClipFraction,
            ["ppo/val/mean"] = m.ValueMean,
            ["ppo/val/var"] = m.ValueVar,
            ["ppo/val/var_explained"] = summary.ValueVarianceExplained,
            ["ppo/learning_rate"] = learningRate,
            ["ppo/epochs"] = epochs,
            ["ppo/minibatches"] = summary.MiniBatches,
            ["ppo/minibatches_skipped"] = summary.Skipped,
            ["ppo/minibatches_empty"] = summary.Empty,
            ["ppo/grad_norm"] = gradNorm,
            ["env/reward_mean"] = s.ScoreMeanAll,
            ["env/reward_std"] = s.ScoreStdAll,
            ["cvar/var"] = cvar.ValueAtRisk,
            ["cvar/kept"] = cvar.KeptCount,
            ["cvar/requested"] = cvar.RequestedCount,
            ["cvar/mean_return_kept"] = cvar.MeanReturnKept,
            ["cvar/mean_return_all"] = cvar.MeanReturnAll,
            ["cvar/kept_tokens"] = s.KeptTokens,
        };
    }
}
