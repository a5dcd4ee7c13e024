namespace RaRlhf.Models.Sampling;

/// <summary>The parts of a decode step that <see cref="DecodeProfile"/> times separately.</summary>
public enum DecodePhase
{
    Embedding,
    LayerNorm,
    QkvGemm,
    KvAppend,
    Attention,
    AttnProjGemm,
    Residual,
    MlpFcGemm,
    Gelu,
    MlpProjGemm,
    LmHeadGemm,
    Sampling,
    Setup,
    PackWeights,
}
