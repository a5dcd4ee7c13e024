namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Generated episodes of one iteration: prompt ids, response ids (cut after EOS), the behaviour log-probs of each
/// sampled response token, and the policy version that produced them.
/// </summary>
public sealed record Rollouts(
    int Iteration,
    IReadOnlyList<int[]> PromptIds,
    IReadOnlyList<int[]> ResponseIds,
    IReadOnlyList<float[]> BehaviourLogProbs,
    long PolicyVersion)
{
    public int Count => PromptIds.Count;
}
