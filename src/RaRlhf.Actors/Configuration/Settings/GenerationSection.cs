namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>generation { }</c>: prompt truncation and sampling (paper: top_k 0, top_p 1, temperature 1).</summary>
public sealed record GenerationSection(int PromptTokens, int GenLen, int TopK, double TopP, double Temperature)
{
    public static GenerationSection Read(SettingsReader r) => new(
        r.Int("prompt_tokens", v => v > 0, "must be > 0"),
        r.Int("gen_len", v => v > 0, "must be > 0"),
        r.Int("top_k", v => v >= 0, "must be ≥ 0 (0 = off)"),
        r.Double("top_p", v => v is > 0 and <= 1, "must be in (0, 1]"),
        r.Double("temperature", v => v > 0, "must be > 0"));
}
