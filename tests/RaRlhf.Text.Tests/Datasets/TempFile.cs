using System.Text;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>A UTF-8 file in the temp folder, deleted on dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string content, string extension = ".csv")
        : this(new UTF8Encoding(false).GetBytes(content), extension)
    {
    }

    public TempFile(byte[] bytes, string extension = ".csv")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"rarlhf-datasets-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
