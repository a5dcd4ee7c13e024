namespace RaRlhf.Rl.Ppo;

/// <summary>
/// What the learner has after its no-grad forward passes over one batch, every matrix (B, T_resp):
/// behaviour-policy log-probs of the sampled tokens, reference log-probs, value-head outputs and the response
/// mask; plus the reward-model score per episode (B). <see cref="KlPerToken"/> is required only for
/// kl_penalty = "full" (compute it with <see cref="KlPenalty.Full"/>); otherwise it is derived from the log-probs.
/// </summary>
public sealed record PpoRollout(
    float[] Scores,
    TokenMatrix LogProbs,
    TokenMatrix RefLogProbs,
    TokenMatrix Values,
    TokenMatrix Mask,
    TokenMatrix? KlPerToken = null)
{
    /// <summary>Checks shapes and mask values; messages name the offending input.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Scores);
        Mask.RequireSameShape(LogProbs, "mask", "logprobs");
        Mask.RequireSameShape(RefLogProbs, "mask", "ref_logprobs");
        Mask.RequireSameShape(Values, "mask", "values");
        if (KlPerToken is not null)
        {
            Mask.RequireSameShape(KlPerToken, "mask", "kl_per_token");
        }

        if (Scores.Length != Mask.Rows)
        {
            throw new ArgumentException($"{Scores.Length} scores for a batch of {Mask.Rows} episodes");
        }

        for (var i = 0; i < Mask.Data.Length; i++)
        {
            if (Mask.Data[i] is not (0f or 1f))
            {
                throw new ArgumentException($"mask element ({i / Mask.Cols}, {i % Mask.Cols}) is {Mask.Data[i]}; masks hold 0 or 1");
            }
        }

        for (var b = 0; b < Mask.Rows; b++)
        {
            MaskIndex.First(Mask, b);
        }
    }
}
