namespace RaRlhf.Text.Datasets;

/// <summary>The tasks whose files <see cref="DataDirectory"/> can check.</summary>
public enum DatasetTask
{
    Imdb,
    Jigsaw,
    Rtp,
}
