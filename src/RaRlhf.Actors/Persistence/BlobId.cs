using System.Security.Cryptography;

namespace RaRlhf.Actors.Persistence;

/// <summary>The address of a blob: the lowercase hex SHA-256 of its content.</summary>
public readonly record struct BlobId
{
    private BlobId(string sha256) => Sha256 = sha256;

    /// <summary>64 lowercase hex digits.</summary>
    public string Sha256 { get; }

    /// <summary>Parses 64 hex digits (any case); throws <see cref="FormatException"/> naming the bad value.</summary>
    public static BlobId Parse(string sha256)
    {
        ArgumentNullException.ThrowIfNull(sha256);
        if (sha256.Length != 64 || !sha256.All(char.IsAsciiHexDigit))
        {
            throw new FormatException($"blob id '{sha256}' is not a SHA-256 (expected 64 hex digits)");
        }

        return new BlobId(sha256.ToLowerInvariant());
    }

    /// <summary>The id of <paramref name="content"/>.</summary>
    public static BlobId Of(ReadOnlySpan<byte> content) => FromHash(SHA256.HashData(content));

    /// <summary>The id of a finished SHA-256 hash.</summary>
    public static BlobId FromHash(ReadOnlySpan<byte> hash) => new(Convert.ToHexStringLower(hash));

    /// <inheritdoc />
    public override string ToString() => Sha256;
}
