using System.Globalization;
using RaRlhf.Models;
using RaRlhf.Tensors.Safetensors;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// The published policy weights as a blob: a safetensors file (F32, the tensor names and order of
/// <see cref="Gpt2Checkpoint.Tensors"/>, value head included) with metadata <c>format = pt</c> and
/// <c>policy_version</c>, so any safetensors reader (HF <c>safe_open</c>, <c>Gpt2Checkpoint.LoadWeights</c>) opens
/// it. Every writer and reader of policy blobs (learners, rollout workers, the final model) goes through these calls.
/// </summary>
public static class PolicyBlob
{
    public const string Format = "pt";
    public const string VersionKey = "policy_version";

    /// <summary>The blob of <paramref name="policy"/>'s current weights, announced as <paramref name="version"/>.</summary>
    public static byte[] Encode(Gpt2Model policy, long version)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            [VersionKey] = version.ToString(CultureInfo.InvariantCulture),
        };
        return SafetensorsWriter.ToBytes(Gpt2Checkpoint.Tensors(policy), metadata);
    }

    /// <summary>
    /// Overwrites <paramref name="target"/>'s parameters with the blob's, bit for bit. The blob must hold exactly the
    /// target's tensors (names and shapes); otherwise <see cref="InvalidDataException"/> names the tensor and both
    /// shapes, and the target is left untouched.
    /// </summary>
    public static void DecodeInto(ReadOnlySpan<byte> blob, Gpt2Model target)
    {
        ArgumentNullException.ThrowIfNull(target);
        const string where = "policy blob";
        using var file = SafetensorsFile.Open(blob.ToArray(), where);
        if (!file.Metadata.TryGetValue(VersionKey, out var version) || !long.TryParse(version, CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidDataException($"{where} has no numeric {VersionKey} in its safetensors metadata: not a policy blob (written by an older build?); re-publish the policy");
        }

        var expected = Gpt2Checkpoint.Tensors(target);
        foreach (var tensor in expected)
        {
            if (!file.Tensors.TryGetValue(tensor.Name, out var stored))
            {
                throw new InvalidDataException($"{where} v{version} lacks tensor '{tensor.Name}' [{Shape(tensor.Shape)}] that the model needs");
            }

            if (!stored.Shape.SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException($"{where} v{version}: tensor '{tensor.Name}' has shape [{Shape(stored.Shape)}] but the model needs [{Shape(tensor.Shape)}]");
            }

            if (stored.Dtype != SafetensorsDtype.F32)
            {
                throw new InvalidDataException($"{where} v{version}: tensor '{tensor.Name}' is {stored.Dtype}; policy blobs are F32 (bit-exact weights)");
            }
        }

        var names = expected.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (file.Tensors.Keys.FirstOrDefault(name => !names.Contains(name)) is { } extra)
        {
            throw new InvalidDataException($"{where} v{version} holds tensor '{extra}' [{Shape(file.Tensors[extra].Shape)}] that the model does not have: another architecture or head");
        }

        Gpt2Checkpoint.LoadWeights(target, file);
    }

    private static string Shape(IEnumerable<long> shape) => string.Join(", ", shape);
}
