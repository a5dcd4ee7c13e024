namespace RaRlhf.Text.Datasets;

/// <summary>
/// The data directory or a file a task needs is missing. The message lists every place that was tried and how to
/// obtain the data, so it can be shown to the user as is.
/// </summary>
public sealed class DatasetNotFoundException : Exception
{
    public DatasetNotFoundException(string message)
        : base(message)
    {
    }
}
