namespace RaRlhf.Rl.Ppo;

/// <summary>
/// The first stage of <see cref="PpoBatch"/>: a batch up to the CVaR filter — clipped scores, shaped rewards, GAE on
/// the original mask and the episode returns (B) the filter ranks. <see cref="PpoBatch.Prepare(EvaluatedPpoBatch, Risk.CvarSelection)"/>
/// finishes it with a selection, wherever that selection was computed (in process or by the CvarFilter actor).
/// </summary>
public sealed record EvaluatedPpoBatch(
    PpoRollout Rollout,
    PpoSettings Settings,
    double KlCoef,
    float[] Scores,
    ShapedRewards Shaped,
    GaeResult Gae,
    float[] EpisodeReturns)
{
    public int BatchSize => Rollout.Mask.Rows;
}
