namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>A forward-only read stream over a blob's chunks, fetching one chunk at a time.</summary>
internal sealed class PostgresChunkStream(Func<int, Task<byte[]>> readChunk, int chunkCount, long length) : Stream
{
    private byte[] _chunk = [];
    private int _offset;
    private int _nextChunk;
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("a blob chunk stream cannot seek");
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_offset == _chunk.Length)
        {
            if (_nextChunk == chunkCount) return 0;
            cancellationToken.ThrowIfCancellationRequested();
            _chunk = await readChunk(_nextChunk++).ConfigureAwait(false);
            _offset = 0;
        }

        var count = Math.Min(buffer.Length, _chunk.Length - _offset);
        _chunk.AsMemory(_offset, count).CopyTo(buffer);
        _offset += count;
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        throw new NotSupportedException("a blob chunk stream cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("a blob stream is read-only");

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("a blob stream is read-only");
}
