namespace RaRlhf.Rl;

/// <summary>TRL 0.7.2 <c>kl_penalty</c>: how the per-token KL between policy and reference is estimated.</summary>
public enum KlPenaltyKind
{
    /// <summary>log π − log π_ref of the sampled token ("kl").</summary>
    Kl,

    /// <summary>|log π − log π_ref| ("abs").</summary>
    Abs,

    /// <summary>½(log π − log π_ref)² ("mse").</summary>
    Mse,

    /// <summary>Σ_v π(v)(log π(v) − log π_ref(v)) over the whole vocabulary ("full"); needs full distributions.</summary>
    Full,
}
