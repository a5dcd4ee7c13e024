namespace RaRlhf.Text.Datasets;

/// <summary>The six labels of the Jigsaw Toxic Comment Classification challenge, as flags.</summary>
[Flags]
public enum JigsawLabels
{
    None = 0,
    Toxic = 1,
    SevereToxic = 2,
    Obscene = 4,
    Threat = 8,
    Insult = 16,
    IdentityHate = 32,
}
