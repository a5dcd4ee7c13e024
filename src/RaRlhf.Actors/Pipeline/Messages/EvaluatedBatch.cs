using RaRlhf.Rl.Risk;

namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Command from the PpoLearner to the CvarFilter: the episode returns of iteration m (R at the first response token,
/// from the learner's forwards and GAE), the episodes' scores (the ranking values of <see cref="CvarRankBy.Score"/>)
/// and B0 from the iteration's <see cref="RiskLevel"/>; answered with a <see cref="FilteredBatch"/>.
/// </summary>
public sealed record EvaluatedBatch(int Iteration, float[] EpisodeReturns, float[] Scores, int KeepCount, CvarRankBy RankBy = CvarRankBy.Return);
