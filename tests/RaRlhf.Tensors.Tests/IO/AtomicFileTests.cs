using System.Text;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Tensors.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo _run = Directory.CreateTempSubdirectory("rarlhf-atomic-");

    public void Dispose() => _run.Delete(recursive: true);

    [Fact]
    public async Task WriteAllBytesAsync_ExistingFile_ReplacesItAndLeavesNoTempFile()
    {
        var path = Path.Combine(_run.FullName, "nested", "manifest.json");

        await AtomicFile.WriteAllBytesAsync(path, "old"u8.ToArray());
        await AtomicFile.WriteAllBytesAsync(path, "new content"u8.ToArray());

        Assert.Equal("new content", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task WriteAsync_WriterFailsMidway_KeepsOldContentAndNoTempFile()
    {
        var path = Path.Combine(_run.FullName, "state.json");
        await AtomicFile.WriteAllBytesAsync(path, "complete old state"u8.ToArray());

        await Assert.ThrowsAsync<InvalidOperationException>(() => AtomicFile.WriteAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes("half of the new"), ct);
            throw new InvalidOperationException("writer crashed");
        }));

        Assert.Equal("complete old state", await File.ReadAllTextAsync(path));
        Assert.Equal([path], Directory.GetFiles(_run.FullName));
    }

    [Fact]
    public void WriteAllText_ExistingFile_ReplacesItAsUtf8WithoutBom()
    {
        var path = Path.Combine(_run.FullName, "config.json");
        AtomicFile.WriteAllText(path, "old");
        AtomicFile.WriteAllText(path, "{\"é\": 1}");

        Assert.Equal(Encoding.UTF8.GetBytes("{\"é\": 1}"), File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_run.FullName));
    }

    [Fact]
    public void Write_WriterFailsMidway_KeepsOldContentAndNoTempFile()
    {
        var path = Path.Combine(_run.FullName, "model.safetensors");
        AtomicFile.WriteAllText(path, "complete old file");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new InvalidOperationException("writer crashed");
        }));

        Assert.Equal("complete old file", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_run.FullName));
    }
}
