using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Tensors.Safetensors;

/// <summary>
/// Writes F32 safetensors atomically: the whole file goes to a temp file beside the target, is flushed to disk, then
/// renamed over the target, so readers see either the old file or the complete new one.
/// </summary>
public static class SafetensorsWriter
{
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = BuildHeader(tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var t in tensors)
            {
                stream.Write(MemoryMarshal.AsBytes(t.Data.Span));
            }
        });
    }

    private static byte[] BuildHeader(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
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
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (var d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + count * 4);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += count * 4;
            }

            json.WriteEndObject();
        }

        // Pad with spaces to a multiple of 8 so the data section is aligned, as the reference writer does.
        var bytes = buffer.ToArray();
        var padded = (bytes.Length + 7) / 8 * 8;
        return bytes.Concat(Enumerable.Repeat((byte)' ', padded - bytes.Length)).ToArray();
    }
}
