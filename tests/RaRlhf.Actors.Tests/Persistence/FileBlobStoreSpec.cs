using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Runs <see cref="BlobStoreSpec"/> against <see cref="FileBlobStore"/> in a temp directory.</summary>
public sealed class FileBlobStoreSpec : BlobStoreSpec
{
    private readonly TempDirectory _directory = new();

    private string Root => Path.Combine(_directory.Path, "blobs");

    protected override Task<IBlobStore> OpenAsync() => Task.FromResult<IBlobStore>(new FileBlobStore(Root));

    protected override async Task CloseAsync(IBlobStore store) => await store.DisposeAsync();

    protected override async Task CorruptAsync(BlobId id)
    {
        var path = new FileBlobStore(Root).PathOf(id);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
    }

    /// <summary>A crash inside a delete leaves the renamed file in the temp folder: reopening removes it.</summary>
    [Fact]
    public async Task Open_AfterCrashInsideDelete_BlobIsGoneAndTempFolderEmpty()
    {
        var store = new FileBlobStore(Root);
        var id = await store.PutAsync(new byte[] { 1, 2, 3, 4 });
        File.Move(store.PathOf(id), Path.Combine(Root, ".incoming", "crashed.deleted"));

        var reopened = new FileBlobStore(Root);

        Assert.Empty(await reopened.ListAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(Root, ".incoming")));
        Assert.False(await reopened.DeleteAsync(id));
    }

    public override Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
