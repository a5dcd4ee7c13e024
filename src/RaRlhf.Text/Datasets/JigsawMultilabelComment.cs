namespace RaRlhf.Text.Datasets;

/// <summary>One comment of the multilabel samples file: its Jigsaw id, text, six labels and which source file it came from.</summary>
public sealed record JigsawMultilabelComment(string Id, string Text, JigsawLabels Labels, string SourceFile)
{
    public bool IsToxic => Labels.HasFlag(JigsawLabels.Toxic);
}
