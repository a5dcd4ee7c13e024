using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Tensors.Safetensors;

/// <summary>
/// Writes F32 (or F16) safetensors atomically: the whole file goes to a temp file beside the target, is flushed to disk,
/// then renamed over the target, so readers see either the old file or the complete new one.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(path, tensors, metadata, SafetensorsDtype.F32);

    /// <summary>
    /// Writes the float tensors stored as <paramref name="dtype"/>: F32 as is, F16 rounded to nearest even (IEEE 754,
    /// as torch's <c>.half()</c>). A finite value beyond F16's range (|x| &gt; 65504) would become infinity: that is
    /// refused with the tensor's name rather than stored silently.
    /// </summary>
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata, SafetensorsDtype dtype)
    {
        if (dtype is not (SafetensorsDtype.F32 or SafetensorsDtype.F16))
        {
            throw new ArgumentException($"writing {dtype} is not supported; write F32 or F16", nameof(dtype));
        }

        var header = BuildHeader(tensors, metadata, dtype);
        var halves = dtype == SafetensorsDtype.F16 ? tensors.Select(ToHalf).ToList() : null;
        AtomicFile.Write(path, stream => WriteTo(stream, header, tensors, halves));
    }

    /// <summary>The same F32 file as <see cref="Write(string, IReadOnlyList{SafetensorsTensor}, IReadOnlyDictionary{string, string}?)"/>, in memory (e.g. a blob).</summary>
    public static byte[] ToBytes(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = BuildHeader(tensors, metadata, SafetensorsDtype.F32);
        var bytes = new byte[8 + header.Length + tensors.Sum(t => (long)t.Data.Length * sizeof(float))];
        using var stream = new MemoryStream(bytes);
        WriteTo(stream, header, tensors, halves: null);
        return bytes;
    }

    private static void WriteTo(Stream stream, byte[] header, IReadOnlyList<SafetensorsTensor> tensors, List<Half[]>? halves)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        for (var i = 0; i < tensors.Count; i++)
        {
            stream.Write(halves is null ? MemoryMarshal.AsBytes(tensors[i].Data.Span) : MemoryMarshal.AsBytes(halves[i].AsSpan()));
        }
    }

    private static Half[] ToHalf(SafetensorsTensor t)
    {
        var result = new Half[t.Data.Length];
        System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(t.Data.Span, result);
        for (var i = 0; i < result.Length; i++)
        {
            if (Half.IsInfinity(result[i]) && float.IsFinite(t.Data.Span[i]))
            {
                throw new ArgumentException($"tensor '{t.Name}': element {i} = {t.Data.Span[i]} is outside the F16 range (±65504); store it as F32");
            }
        }

        return result;
    }

    private static byte[] BuildHeader(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata, SafetensorsDtype dtype)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            var size = dtype == SafetensorsDtype.F32 ? 4 : 2;
            long offset = 0;
            foreach (var t in tensors)
            {
                var count = t.Shape.Aggregate(1L, (acc, d) => acc * d);
                if (count != t.Data.Length)
                {
                    throw new ArgumentException($"tensor '{t.Name}': shape [{string.Join(", ", t.Shape)}] needs {count} floats, data has {t.Data.Length}");
                }

                if (t.Name == "__metadata__" || !names.Add(t.Name))
                {
                    throw new ArgumentException($"tensor name '{t.Name}' is reserved or duplicated");
                }

                json.WriteStartObject(t.Name);
                json.WriteString("dtype", dtype.ToString());
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + count * size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += count * size;
            }

            json.WriteEndObject();
        }

        // Pad with spaces to a multiple of 8 so the data section is aligned, as the reference writer does.
        var bytes = buffer.ToArray();
        var padded = (bytes.Length + 7) / 8 * 8;
        return bytes.Concat(Enumerable.Repeat((byte)' ', padded - bytes.Length)).ToArray();
    }
}
