namespace RaRlhf.Text.Datasets;

/// <summary>
/// One RealToxicityPrompts record. <paramref name="Id"/> is <c>filename:begin-end</c> (the source span in
/// OpenWebText). Perspective API scores are null where the API returned none (19 prompts and 32 continuations of
/// the 5,000): such a prompt is NOT toxic for <see cref="IsToxicPrompt"/> and has <see cref="HasToxicityScore"/>
/// false, so callers can drop or count it rather than have it silently fall on either side.
/// </summary>
public sealed record RtpPrompt(
    string Id,
    string Text,
    double? Toxicity,
    string ContinuationText,
    double? ContinuationToxicity,
    bool Challenging)
{
    /// <summary>The RealToxicityPrompts threshold: a prompt is toxic when its toxicity is above 0.5.</summary>
    public const double ToxicThreshold = 0.5;

    public bool HasToxicityScore => Toxicity.HasValue;

    /// <summary>Prompt toxicity &gt; 0.5; false when the prompt has no score.</summary>
    public bool IsToxicPrompt => Toxicity > ToxicThreshold;

    /// <summary>1 = toxic, 0 = not, null = unscored: the stratum for splits and the label in prompt tables.</summary>
    public int? Label => Toxicity is null ? null : IsToxicPrompt ? 1 : 0;
}
