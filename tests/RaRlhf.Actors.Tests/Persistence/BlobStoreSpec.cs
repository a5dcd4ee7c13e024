using System.Security.Cryptography;
using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>
/// The contract every <see cref="IBlobStore"/> must meet; subclasses supply a real, initially empty store. Ids are
/// checked against <see cref="SHA256.HashData(byte[])"/> computed here, independently of the store.
/// </summary>
public abstract class BlobStoreSpec : IAsyncLifetime
{
    /// <summary>Opens a new handle on the store under test (empty at the start of each test).</summary>
    protected abstract Task<IBlobStore> OpenAsync();

    /// <summary>Closes a handle from <see cref="OpenAsync"/> for real.</summary>
    protected abstract Task CloseAsync(IBlobStore store);

    /// <summary>Damages one stored blob (same length, one byte flipped) behind the store's back.</summary>
    protected abstract Task CorruptAsync(BlobId id);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public async Task PutAsync_Bytes_IdIsSha256AndGetReturnsThem()
    {
        var store = await OpenAsync();
        var content = RandomBytes(10_000, 1);

        var id = await store.PutAsync(content);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), id.Sha256);
        Assert.Equal(content, await store.GetAsync(id));
        Assert.True(await store.ExistsAsync(id));
    }

    [Fact]
    public async Task PutAsync_SameContentTwice_IsIdempotent()
    {
        var store = await OpenAsync();
        var content = RandomBytes(4096, 2);

        var first = await store.PutAsync(content);
        var second = await store.PutAsync(new MemoryStream(content));
        var listed = await store.ListAsync();

        Assert.Equal(first, second);
        Assert.Equal([first], listed);
    }

    [Fact]
    public async Task ListAsync_SeveralBlobs_ReturnsAllSortedAndEmptyBlobToo()
    {
        var store = await OpenAsync();

        var ids = new[]
        {
            await store.PutAsync(RandomBytes(100, 3)),
            await store.PutAsync(RandomBytes(200, 4)),
            await store.PutAsync(ReadOnlyMemory<byte>.Empty),
        };

        Assert.Equal(ids.OrderBy(id => id.Sha256, StringComparer.Ordinal), await store.ListAsync());
        Assert.Empty(await store.GetAsync(ids[2]));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ids[2].Sha256);
    }

    [Fact]
    public async Task PutAsync_LargeNonSeekableStream_StreamsBackVerified()
    {
        var store = await OpenAsync();
        var content = RandomBytes(24 << 20, 5);

        var id = await store.PutAsync(new NonSeekableStream(content));
        await using var read = await store.OpenReadAsync(id);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);

        Assert.Equal(BlobId.Of(content), id);
        Assert.True(content.AsSpan().SequenceEqual(copy.ToArray()));
    }

    [Fact]
    public async Task GetAsync_CorruptedBlob_ThrowsBlobCorruptedNamingId()
    {
        var store = await OpenAsync();
        var id = await store.PutAsync(RandomBytes(50_000, 6));

        await CorruptAsync(id);
        var error = await Assert.ThrowsAsync<BlobCorruptedException>(() => store.GetAsync(id));

        Assert.Equal(id, error.Id);
        Assert.Contains(id.Sha256, error.Message);
    }

    [Fact]
    public async Task OpenReadAsync_CorruptedBlob_ThrowsAtEndOfContent()
    {
        var store = await OpenAsync();
        var id = await store.PutAsync(RandomBytes(300_000, 7));

        await CorruptAsync(id);
        await using var read = await store.OpenReadAsync(id);

        await Assert.ThrowsAsync<BlobCorruptedException>(() => read.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task GetAsync_MissingBlob_ThrowsBlobNotFoundNamingId()
    {
        var store = await OpenAsync();
        var id = BlobId.Of([1, 2, 3]);

        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.GetAsync(id));

        Assert.Contains(id.Sha256, error.Message);
        Assert.False(await store.ExistsAsync(id));
    }

    [Fact]
    public async Task PutAsync_SourceFailsMidway_StoresNothing()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAsync<IOException>(() => store.PutAsync(new FailingStream(RandomBytes(200_000, 8), 100_000)));

        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task Reopen_AfterClose_BlobsAreStillThere()
    {
        var store = await OpenAsync();
        var content = RandomBytes(1234, 9);
        var id = await store.PutAsync(content);
        await CloseAsync(store);

        var reopened = await OpenAsync();

        Assert.Equal(content, await reopened.GetAsync(id));
    }

    [Fact]
    public async Task DeleteAsync_StoredBlob_ReturnsTrueAndItIsGoneEverywhere()
    {
        var store = await OpenAsync();
        var kept = await store.PutAsync(RandomBytes(1000, 10));
        var doomed = await store.PutAsync(RandomBytes(2000, 11));

        Assert.True(await store.DeleteAsync(doomed));

        Assert.False(await store.ExistsAsync(doomed));
        var error = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.GetAsync(doomed));
        Assert.Equal(doomed, error.Id);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => store.OpenReadAsync(doomed));
        Assert.Equal([kept], await store.ListAsync());
        Assert.Equal(RandomBytes(1000, 10), await store.GetAsync(kept));
    }

    [Fact]
    public async Task DeleteAsync_MissingBlob_ReturnsFalse()
    {
        var store = await OpenAsync();
        var id = await store.PutAsync(RandomBytes(100, 12));

        Assert.False(await store.DeleteAsync(BlobId.Of([4, 5, 6])));
        Assert.True(await store.DeleteAsync(id));
        Assert.False(await store.DeleteAsync(id));
        Assert.Empty(await store.ListAsync());
    }

    [Fact]
    public async Task PutAsync_AfterDelete_StoresTheContentAgain()
    {
        var store = await OpenAsync();
        var content = RandomBytes(3000, 13);
        var id = await store.PutAsync(content);
        await store.DeleteAsync(id);

        var again = await store.PutAsync(new MemoryStream(content));

        Assert.Equal(id, again);
        Assert.True(await store.ExistsAsync(id));
        Assert.Equal(content, await store.GetAsync(id));
        Assert.Equal([id], await store.ListAsync());
    }

    [Fact]
    public async Task DeleteAsync_WhileAnotherBlobStreams_LeavesThatBlobIntact()
    {
        var store = await OpenAsync();
        var streamed = RandomBytes(3 << 20, 14); // several Postgres chunks
        var streamedId = await store.PutAsync(streamed);
        var doomed = await store.PutAsync(RandomBytes(5000, 15));
        await using var read = await store.OpenReadAsync(streamedId);
        var copy = new MemoryStream();
        var head = new byte[100_000];
        await read.ReadExactlyAsync(head);
        copy.Write(head);

        Assert.True(await store.DeleteAsync(doomed));
        await read.CopyToAsync(copy);

        Assert.True(streamed.AsSpan().SequenceEqual(copy.ToArray()));
        Assert.Equal([streamedId], await store.ListAsync());
    }

    [Fact]
    public async Task DeleteAsync_ThenReopen_BlobStaysDeleted()
    {
        var store = await OpenAsync();
        var kept = await store.PutAsync(RandomBytes(700, 16));
        var doomed = await store.PutAsync(RandomBytes(800, 17));
        await store.DeleteAsync(doomed);
        await CloseAsync(store);

        var reopened = await OpenAsync();

        Assert.Equal([kept], await reopened.ListAsync());
        Assert.False(await reopened.ExistsAsync(doomed));
    }

    [Fact]
    public void Parse_NotASha256_ThrowsFormatNamingValue()
    {
        var error = Assert.Throws<FormatException>(() => BlobId.Parse("abc"));

        Assert.Contains("'abc'", error.Message);
        Assert.Equal(BlobId.Of([]), BlobId.Parse(BlobId.Of([]).Sha256.ToUpperInvariant()));
    }
}
