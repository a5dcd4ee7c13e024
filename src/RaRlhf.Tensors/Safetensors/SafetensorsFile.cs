using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace RaRlhf.Tensors.Safetensors;

/// <summary>
/// A validated, open safetensors file. The header is checked completely on open; tensor data is streamed with
/// positional reads on demand (no whole-file copy), F16/BF16 widened to float. <see cref="Open(ReadOnlyMemory{byte}, string)"/>
/// reads the same format from memory (a blob), with the same checks.
/// </summary>
public sealed class SafetensorsFile : IDisposable
{
    private const long MaxHeaderBytes = 100L * 1024 * 1024;
    private readonly SafeFileHandle? _handle;
    private readonly ReadOnlyMemory<byte> _content;
    private readonly long _dataStart;

    private SafetensorsFile(string path, SafeFileHandle? handle, ReadOnlyMemory<byte> content, long dataStart,
        IReadOnlyDictionary<string, SafetensorsTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        _handle = handle;
        _content = content;
        _dataStart = dataStart;
        Tensors = tensors;
        Metadata = metadata;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafetensorsFile Open(string path)
    {
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            Span<byte> lengthBytes = stackalloc byte[8];
            if (fileLength >= 8) RandomAccess.Read(handle, lengthBytes, 0);
            var headerLength = HeaderLength(path, lengthBytes, fileLength);
            var json = new byte[headerLength];
            RandomAccess.Read(handle, json, 8);
            var dataStart = 8 + (long)headerLength;
            var (tensors, metadata) = SafetensorsHeader.Parse(path, json, fileLength - dataStart);
            return new SafetensorsFile(path, handle, default, dataStart, tensors, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Reads safetensors bytes held in memory; <paramref name="name"/> stands for the path in errors.</summary>
    public static SafetensorsFile Open(ReadOnlyMemory<byte> content, string name)
    {
        var headerLength = HeaderLength(name, content.Length >= 8 ? content.Span[..8] : default, content.Length);
        var dataStart = 8 + (int)headerLength;
        var (tensors, metadata) = SafetensorsHeader.Parse(name, content.Span[8..dataStart], content.Length - dataStart);
        return new SafetensorsFile(name, null, content, dataStart, tensors, metadata);
    }

    private static ulong HeaderLength(string path, ReadOnlySpan<byte> lengthBytes, long fileLength)
    {
        if (fileLength < 8)
        {
            throw new SafetensorsFormatException(path, null, $"file is {fileLength} bytes, shorter than the 8-byte header length (truncated)");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
        {
            throw new SafetensorsFormatException(path, null,
                $"header length {headerLength} runs past the end of the {fileLength}-byte file (truncated or not safetensors)");
        }

        return headerLength;
    }

    /// <summary>The named tensor as float32, shape-checked against <paramref name="expectedShape"/> when given.</summary>
    public float[] ReadF32(string name, ReadOnlySpan<long> expectedShape = default)
    {
        var info = Info(name);
        var result = new float[info.ElementCount];
        ReadF32(name, result, expectedShape);
        return result;
    }

    /// <summary>Reads the named tensor into <paramref name="destination"/> (exactly its element count long).</summary>
    public void ReadF32(string name, Span<float> destination, ReadOnlySpan<long> expectedShape = default)
    {
        var info = Info(name);
        if (!expectedShape.IsEmpty && !expectedShape.SequenceEqual(info.Shape))
        {
            throw new SafetensorsFormatException(Path, name,
                $"shape is [{string.Join(", ", info.Shape)}] but [{string.Join(", ", expectedShape.ToArray())}] was expected");
        }

        if (destination.Length != info.ElementCount)
        {
            throw new ArgumentException($"destination holds {destination.Length} floats; tensor '{name}' has {info.ElementCount}", nameof(destination));
        }

        var offset = _dataStart + info.Begin;
        if (info.Dtype == SafetensorsDtype.F32)
        {
            ReadExactly(MemoryMarshal.AsBytes(destination), offset, name);
            return;
        }

        var halves = new ushort[info.ElementCount];
        ReadExactly(MemoryMarshal.AsBytes(halves.AsSpan()), offset, name);
        for (var i = 0; i < halves.Length; i++)
        {
            destination[i] = info.Dtype == SafetensorsDtype.F16
                ? (float)BitConverter.UInt16BitsToHalf(halves[i])
                : BitConverter.Int32BitsToSingle(halves[i] << 16);
        }
    }

    public SafetensorsTensorInfo Info(string name) =>
        Tensors.TryGetValue(name, out var info)
            ? info
            : throw new SafetensorsFormatException(Path, name, "tensor is missing from the file");

    public void Dispose() => _handle?.Dispose();

    private void ReadExactly(Span<byte> buffer, long offset, string name)
    {
        if (_handle is null)
        {
            // The header check already proved every tensor lies inside the content.
            _content.Span.Slice((int)offset, buffer.Length).CopyTo(buffer);
            return;
        }

        while (!buffer.IsEmpty)
        {
            var n = RandomAccess.Read(_handle, buffer, offset);
            if (n <= 0)
            {
                throw new SafetensorsFormatException(Path, name, "file ended while reading tensor data (truncated)");
            }

            buffer = buffer[n..];
            offset += n;
        }
    }
}
