namespace RaRlhf.Text.Datasets;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls back on the reporting thread, in order. (The BCL's
/// <c>Progress&lt;T&gt;</c> posts to the thread pool, so console progress lines could arrive late or out of order.)
/// </summary>
public sealed class ProgressCallback<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
