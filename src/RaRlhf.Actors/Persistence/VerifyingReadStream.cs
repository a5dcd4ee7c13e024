using System.Security.Cryptography;

namespace RaRlhf.Actors.Persistence;

/// <summary>A read-only stream that hashes what passes through and checks the blob id at the end of the content.</summary>
internal sealed class VerifyingReadStream(Stream inner, BlobId expected, string location) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _verified;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException("a verifying blob stream cannot seek");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Account(buffer[..read], endOfContent: read == 0 && buffer.Length > 0);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Account(buffer.Span[..read], endOfContent: read == 0 && buffer.Length > 0);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) =>
        throw new NotSupportedException("a verifying blob stream cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("a blob stream is read-only");

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("a blob stream is read-only");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Account(ReadOnlySpan<byte> chunk, bool endOfContent)
    {
        _hash.AppendData(chunk);
        if (!endOfContent || _verified) return;
        _verified = true;
        var actual = BlobId.FromHash(_hash.GetHashAndReset());
        if (actual != expected) throw new BlobCorruptedException(expected, actual.Sha256, location);
    }
}
