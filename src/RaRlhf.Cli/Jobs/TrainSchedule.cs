using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Models.Sampling;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;

namespace RaRlhf.Cli.Jobs;

/// <summary>The typed settings (ppo.*, risk.*, generation.*) as the RL core's settings records.</summary>
internal static class TrainSchedule
{
    public static PpoSettings Ppo(PpoSection p, long seed) => new PpoSettings
    {
        LearningRate = p.LearningRate,
        BatchSize = p.BatchSize,
        MiniBatchSize = p.MiniBatchSize,
        PpoEpochs = p.PpoEpochs,
        Gamma = p.Gamma,
        Lam = p.Lam,
        ClipRange = p.ClipRange,
        ClipRangeValue = p.ClipRangeValue,
        VfCoef = p.VfCoef,
        InitKlCoef = p.InitKlCoef,
        Target = p.Target,
        Horizon = p.Horizon,
        AdaptiveKlControl = p.AdaptiveKlControl,
        RatioThreshold = p.RatioThreshold,
        Seed = unchecked((int)seed),
    }.Validate();

    /// <summary>The risk schedule of an M-iteration run with batch B (α = 1 is plain RLHF).</summary>
    public static RiskSchedule Risk(RiskSection r, int batchSize, int iterations)
    {
        var kind = r.Schedule switch
        {
            Actors.Configuration.Settings.RiskScheduleKind.Linear => Rl.Risk.RiskScheduleKind.Linear,
            Actors.Configuration.Settings.RiskScheduleKind.Constant => Rl.Risk.RiskScheduleKind.Constant,
            _ => Rl.Risk.RiskScheduleKind.Soft,
        };
        return new RiskSchedule(batchSize, iterations, (decimal)r.Alpha, r.Warmup, (decimal)r.Rho, kind).Validate();
    }

    /// <summary>
    /// generation.* as sampling options: gen_len new tokens, cut after the first EOS (the EOS is kept, the rest is
    /// padding), top_k / top_p / temperature as given (the paper: 0 / 1 / 1).
    /// </summary>
    public static SamplingOptions Sampling(GenerationSection g, int? eosTokenId, int? padTokenId) => new()
    {
        MaxNewTokens = g.GenLen,
        TopK = g.TopK,
        TopP = (float)g.TopP,
        Temperature = (float)g.Temperature,
        StopAtEos = eosTokenId is not null,
        EosTokenId = eosTokenId,
        PadTokenId = padTokenId ?? eosTokenId ?? 0,
    };
}
