namespace RaRlhf.Actors.Tests.Pipeline;

/// <summary>A fresh run directory under the temp folder, deleted on dispose.</summary>
internal sealed class TempRunDirectory : IDisposable
{
    public TempRunDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rarlhf-run-{Guid.NewGuid():N}");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; never fail a test on cleanup.
        }
    }
}
