namespace RaRlhf.Text.Datasets;

/// <summary>
/// One comment of the balanced binary Jigsaw file. The file has no ids, so <paramref name="Id"/> is derived from
/// the content (<c>jigsaw/</c> + 16 hex digits of FNV-1a of the text): stable, and the same for duplicate texts.
/// </summary>
public sealed record JigsawComment(string Id, string Text, bool IsToxic)
{
    /// <summary>1 = toxic, 0 = not: the class label for splits, reward training and prompt tables.</summary>
    public int Label => IsToxic ? 1 : 0;
}
