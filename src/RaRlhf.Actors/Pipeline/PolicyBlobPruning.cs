using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// Deletes the policy blobs nobody can still need. Called by a learner after it durably snapshotted version
/// <c>current</c> (and put its blob): keeps versions <c>current − keep + 1 … current</c> (keep = max staleness + 1:
/// rollouts may come from that many versions) and deletes every older policy blob. Versions are read from each
/// blob's safetensors metadata (<see cref="PolicyBlob.VersionKey"/>), so garbage left by a crash between snapshot and
/// prune — or a re-put initial policy — is collected by the next call; blobs that are not policy blobs are kept.
/// A restart never needs a deleted version: the learner restores from its snapshot and re-puts that version's blob.
/// </summary>
public static class PolicyBlobPruning
{
    private const int MaxHeaderBytes = 16 << 20;

    /// <summary>Deletes the policy blobs older than the newest <paramref name="keep"/> versions; returns how many.</summary>
    public static async Task<int> PruneAsync(IBlobStore blobs, long current, int keep = 1, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keep);
        var deleted = 0;
        foreach (var id in await blobs.ListAsync(cancellation).ConfigureAwait(false))
        {
            if (await VersionOfAsync(blobs, id, cancellation).ConfigureAwait(false) is { } version
                && version <= current - keep
                && await blobs.DeleteAsync(id, cancellation).ConfigureAwait(false))
            {
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>The policy version in a blob's safetensors header; null for anything else (or a blob deleted meanwhile).</summary>
    internal static async Task<long?> VersionOfAsync(IBlobStore blobs, BlobId id, CancellationToken cancellation)
    {
        try
        {
            await using var stream = await blobs.OpenReadAsync(id, cancellation).ConfigureAwait(false);
            var length = new byte[8];
            if (await stream.ReadAtLeastAsync(length, length.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false) < 8) return null;
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(length);
            if (headerLength is 0 or > MaxHeaderBytes) return null;
            var header = new byte[headerLength];
            if (await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false) < header.Length) return null;
            using var json = JsonDocument.Parse(header);
            return json.RootElement.ValueKind == JsonValueKind.Object
                   && json.RootElement.TryGetProperty("__metadata__", out var metadata)
                   && metadata.ValueKind == JsonValueKind.Object
                   && metadata.TryGetProperty(PolicyBlob.VersionKey, out var version)
                   && version.ValueKind == JsonValueKind.String
                   && long.TryParse(version.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : null;
        }
        catch (Exception e) when (e is BlobNotFoundException or JsonException)
        {
            return null;
        }
    }
}
