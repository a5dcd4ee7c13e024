namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>model { }</c>: the tokenizer, the starting policy and the KL reference.</summary>
public sealed record ModelSection(string Tokenizer, string Policy, string Reference)
{
    public static ModelSection Read(SettingsReader r) => new(
        r.String("tokenizer", p => p.Length > 0, "must name a tokenizer.json"),
        r.String("policy", p => p.Length > 0, "must name a checkpoint"),
        r.String("reference", p => p.Length > 0, "must name a checkpoint"));
}
