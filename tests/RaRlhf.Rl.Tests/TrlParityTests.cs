using System.Text.Json;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;
using RaRlhf.Rl.Tests.Fixtures;
using Xunit.Abstractions;

namespace RaRlhf.Rl.Tests;

/// <summary>
/// Parity with the PyTorch re-implementation of TRL 0.7.2 (Fixtures/make_trl_fixtures.py), float32 there,
/// double accumulation here. Tolerance: |diff| ≤ 2e-5 + 2e-5·|expected| (a few float32 ulps of the values).
/// </summary>
public sealed class TrlParityTests(ITestOutputHelper output)
{
    private const double Abs = 2e-5, Rel = 2e-5;

    public static IEnumerable<object[]> Cases => TrlFixture.StepCaseNames;

    [Theory]
    [MemberData(nameof(Cases))]
    public void KlPenalty_TrlFixture_MatchesTorch(string name)
    {
        var c = TrlFixture.Step(name);
        var kl = Kl(c);
        output.WriteLine($"{name}: kl max diff {Compare.AllClose(c.Floats("kl"), kl.Data, Abs, Rel, "kl"):E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RewardsAndGae_TrlFixture_MatchTorch(string name)
    {
        var c = TrlFixture.Step(name);
        var mask = c.Matrix("mask");
        var shaped = RewardShaping.Compute(c.Floats("scores"), Kl(c), mask, c.Double("kl_coef"));
        var gae = Gae.Compute(c.Matrix("values"), shaped.Rewards, mask, c.Double("gamma"), c.Double("lam"),
            c.GetProperty("whiten_rewards").GetBoolean());

        var d1 = Compare.AllClose(c.Floats("rewards"), shaped.Rewards.Data, Abs, Rel, "rewards");
        var d2 = Compare.AllClose(c.Floats("non_score_rewards"), shaped.NonScoreRewards.Data, Abs, Rel, "non_score_rewards");
        var d3 = Compare.AllClose(c.Floats("masked_values"), gae.MaskedValues.Data, Abs, Rel, "values");
        var d4 = Compare.AllClose(c.Floats("raw_advantages"), gae.Advantages.Data, Abs, Rel, "advantages");
        var d5 = Compare.AllClose(c.Floats("returns"), gae.Returns.Data, Abs, Rel, "returns");
        output.WriteLine($"{name}: max diff rewards {d1:E2} non-score {d2:E2} values {d3:E2} advantages {d4:E2} returns {d5:E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PpoBatchPrepare_TrlFixture_MatchesTorchWithCvar(string name)
    {
        var c = TrlFixture.Step(name);
        var batch = Prepare(c);

        Assert.Equal(c.Floats("kept").Select(k => k == 1f), batch.Cvar.Kept);
        Compare.AllClose(c.Floats("kept_mask"), batch.Mask.Data, 0, 0, "kept mask");
        var d1 = Compare.AllClose(c.Floats("episode_returns"), batch.EpisodeReturns, Abs, Rel, "episode returns");
        var d2 = Compare.AllClose(c.Floats("advantages"), batch.Advantages.Data, 1e-4, 1e-4, "whitened advantages");
        var d3 = Compare.Close(c.Double("value_at_risk"), batch.Cvar.ValueAtRisk, Abs, Rel, "VaR");
        var rec = c.GetProperty("record");
        var d4 = Compare.Close(rec.Double("objective_kl"), batch.Statistics.Kl, Abs, Rel, "objective/kl");
        Compare.Close(rec.Double("entropy"), batch.Statistics.Entropy, Abs, Rel, "objective/entropy");
        Compare.Close(rec.Double("mean_non_score_reward"), batch.Statistics.MeanNonScoreReward, Abs, Rel, "ppo/mean_non_score_reward");
        Compare.Close(rec.Double("score_mean"), batch.Statistics.ScoreMean, Abs, Rel, "ppo/mean_scores");
        Compare.Close(rec.Double("score_std"), batch.Statistics.ScoreStd, Abs, Rel, "ppo/std_scores");
        var scores = c.Floats("scores").Select(x => (double)x).ToArray();
        Compare.Close(scores.Average(), batch.Statistics.ScoreMeanAll, 1e-12, 0, "score mean over all episodes");
        output.WriteLine($"{name}: kept {batch.Cvar.KeptCount}/{batch.BatchSize}; max diff episode returns {d1:E2} " +
                         $"whitened advantages {d2:E2} VaR {d3:E2} objective/kl {d4:E2}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PpoLoss_TrlFixture_LossStatsAndAutogradGradientsMatch(string name)
    {
        var c = TrlFixture.Step(name);
        var batch = Prepare(c);
        var rows = c.GetProperty("minibatch_rows").EnumerateArray().Select(r => r.GetInt32()).ToArray();
        var cols = c.GetProperty("cols").GetInt32();
        TokenMatrix Mini(string key) => new(rows.Length, cols, c.Floats(key));
        var result = PpoLoss.Compute(batch, rows, Mini("new_logprobs"), Mini("value_predictions"), Settings(c), Mini("entropies"));
        var s = c.GetProperty("stats");

        Assert.Equal(s.GetProperty("skipped").GetBoolean(), result.Skipped);
        var dl = Compare.Close(c.Double("loss"), result.Loss, 1e-4, 1e-4, "loss");
        Compare.Close(s.Double("policy_loss"), result.PolicyLoss, 1e-4, 1e-4, "policy loss");
        Compare.Close(s.Double("value_loss"), result.ValueLoss, 1e-4, 1e-4, "value loss");
        var st = result.Statistics;
        Compare.Close(s.Double("approxkl"), st.ApproxKl, Abs, 1e-4, "approxkl");
        Compare.Close(s.Double("policykl"), st.PolicyKl, Abs, 1e-4, "policykl");
        Compare.Close(s.Double("clipfrac"), st.ClipFraction, 1e-6, 0, "clipfrac");
        Compare.Close(s.Double("vf_clipfrac"), st.ValueClipFraction, 1e-6, 0, "vf clipfrac");
        Compare.Close(s.Double("entropy"), st.Entropy, Abs, Rel, "entropy");
        Compare.Close(s.Double("mean_ratio"), st.MeanRatio, Abs, Rel, "mean ratio");
        Compare.Close(s.Double("advantages_mean"), st.AdvantageMean, 1e-4, 0, "advantages mean");
        Compare.Close(s.Double("return_mean"), st.ReturnMean, Abs, Rel, "return mean");
        Compare.Close(s.Double("return_var"), st.ReturnVar, Abs, 1e-4, "return var");
        Compare.Close(s.Double("value_mean"), st.ValueMean, Abs, Rel, "value mean");
        Compare.Close(s.Double("value_var"), st.ValueVar, Abs, 1e-4, "value var");
        Compare.Close(s.Double("vpred_mean"), st.ValuePredictionMean, Abs, Rel, "vpred mean");
        Compare.Close(s.Double("val_error"), st.ValueError, Abs, 1e-4, "val error");
        var dg = Compare.AllClose(c.Floats("grad_logprobs"), result.GradLogProbs.Data, 1e-5, 1e-4, "dLoss/dLogProbs");
        var dv = Compare.AllClose(c.Floats("grad_values"), result.GradValues.Data, 1e-6, 1e-4, "dLoss/dValues");
        output.WriteLine($"{name}: loss {result.Loss:F6} (diff {dl:E2}), skipped {result.Skipped}, clipfrac {st.ClipFraction:F3}; " +
                         $"max grad diff logprobs {dg:E2} values {dv:E2}");
    }

    private static TokenMatrix Kl(JsonElement c)
    {
        var kind = Kind(c);
        if (kind != KlPenaltyKind.Full)
        {
            return KlPenalty.PerToken(kind, c.Matrix("logprobs"), c.Matrix("ref_logprobs"));
        }

        return KlPenalty.FullMatrix(c.Floats("full_logprobs"), c.Floats("full_ref_logprobs"),
            c.GetProperty("rows").GetInt32(), c.GetProperty("cols").GetInt32(), c.GetProperty("vocab").GetInt32());
    }

    private static KlPenaltyKind Kind(JsonElement c) => c.GetProperty("kl_penalty").GetString() switch
    {
        "kl" => KlPenaltyKind.Kl,
        "abs" => KlPenaltyKind.Abs,
        "mse" => KlPenaltyKind.Mse,
        _ => KlPenaltyKind.Full,
    };

    private static PpoSettings Settings(JsonElement c)
    {
        var cfg = c.GetProperty("config");
        return new PpoSettings
        {
            BatchSize = c.GetProperty("rows").GetInt32(),
            MiniBatchSize = c.GetProperty("rows").GetInt32(),
            Gamma = c.Double("gamma"),
            Lam = c.Double("lam"),
            WhitenRewards = c.GetProperty("whiten_rewards").GetBoolean(),
            KlPenalty = Kind(c),
            ClipRange = cfg.Double("cliprange"),
            ClipRangeValue = cfg.Double("cliprange_value"),
            VfCoef = cfg.Double("vf_coef"),
            RatioThreshold = cfg.Double("ratio_threshold"),
        }.Validate();
    }

    private static PreparedBatch Prepare(JsonElement c)
    {
        var rollout = new PpoRollout(c.Floats("scores"), c.Matrix("logprobs"), c.Matrix("ref_logprobs"), c.Matrix("values"),
            c.Matrix("mask"), Kind(c) == KlPenaltyKind.Full ? Kl(c) : null);
        var rankBy = c.GetProperty("rank_by").GetString() == "score" ? CvarRankBy.Score : CvarRankBy.Return;
        return PpoBatch.Prepare(rollout, Settings(c), c.Double("kl_coef"), c.GetProperty("keep_count").GetInt32(), rankBy);
    }
}
