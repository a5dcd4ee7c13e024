using RaRlhf.Models.Heads;
using RaRlhf.Rl.Ppo;

namespace RaRlhf.Rl.Training;

/// <summary>
/// Step 1 of the PPO step: no-grad forwards of the policy (old log-probs, values) and the frozen reference (log-probs;
/// with kl_penalty "full" also the per-token KL of the two distributions), response aligned (<see cref="PackedEpisodes"/>),
/// in chunks of forwardBatchSize rows (memory only: rows never interact).
/// </summary>
internal static class NoGradForward
{
    /// <summary>Returns the rollout as a function of the scores: they are supplied afterwards, once score scaling ran.</summary>
    public static Func<float[], PpoRollout> Run(PolicyValueModel policy, PolicyValueModel reference, PpoEpisodes episodes, int[] rows,
        int forwardBatchSize, KlPenaltyKind klPenalty)
    {
        int b = rows.Length, cols = episodes.MaxResponseLength;
        TokenMatrix logp = new(b, cols), refLogp = new(b, cols), values = new(b, cols), mask = new(b, cols);
        var fullKl = klPenalty == KlPenaltyKind.Full ? new TokenMatrix(b, cols) : null;
        for (var start = 0; start < b; start += forwardBatchSize)
        {
            var chunk = rows.AsSpan(start, Math.Min(forwardBatchSize, b - start));
            var packed = new PackedEpisodes(episodes, chunk, cols);
            var (lp, v, _) = packed.Align(policy.Forward(packed.Ids, packed.Mask, packed.Rows, packed.T));
            var (rlp, _, _) = packed.Align(reference.Forward(packed.Ids, packed.Mask, packed.Rows, packed.T));
            var m = packed.ResponseMask();
            // The policy's logits survive the reference forward: they live in the policy model's own buffer.
            if (fullKl is not null)
            {
                packed.FullKl(policy.Model.Logits.Span, reference.Model.Logits.Span, policy.Model.Config.VocabSize).Data.CopyTo(fullKl.Data, start * cols);
            }
            lp.Data.CopyTo(logp.Data, start * cols);
            v!.Data.CopyTo(values.Data, start * cols);
            rlp.Data.CopyTo(refLogp.Data, start * cols);
            m.Data.CopyTo(mask.Data, start * cols);
        }

        return scores => new PpoRollout(scores, logp, refLogp, values, mask, fullKl);
    }
}
