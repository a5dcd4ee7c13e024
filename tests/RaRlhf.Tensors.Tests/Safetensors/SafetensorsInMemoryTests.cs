using RaRlhf.Tensors.Safetensors;

namespace RaRlhf.Tensors.Tests.Safetensors;

public sealed class SafetensorsInMemoryTests
{
    private static readonly SafetensorsTensor[] Tensors =
    [
        new("a", [7, 3], Enumerable.Range(0, 21).Select(i => MathF.Sin(i) * 1e3f).ToArray()),
        new("b", [4], new[] { float.MinValue, -0f, float.Epsilon, float.NaN }),
    ];

    [Fact]
    public void ToBytes_SameBytesAsTheFileWriter_AndOpensFromMemory()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["k"] = "v" };
        var path = Path.Combine(Path.GetTempPath(), $"rarlhf-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafetensorsWriter.Write(path, Tensors, metadata);
            var bytes = SafetensorsWriter.ToBytes(Tensors, metadata);

            Assert.Equal(File.ReadAllBytes(path), bytes);
            using var file = SafetensorsFile.Open(bytes, "blob x");
            Assert.Equal("v", file.Metadata["k"]);
            Assert.Equal(Tensors[0].Data.ToArray(), file.ReadF32("a", [7, 3]));
            Assert.Equal(Tensors[1].Data.ToArray().Select(BitConverter.SingleToInt32Bits), file.ReadF32("b").Select(BitConverter.SingleToInt32Bits));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_TruncatedMemory_ThrowsNamingTheSourceAndTensor()
    {
        var bytes = SafetensorsWriter.ToBytes(Tensors);

        var cut = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(bytes.AsMemory(0, bytes.Length - 4), "blob x"));
        var tiny = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(bytes.AsMemory(0, 5), "blob x"));

        Assert.Contains("blob x", cut.Message);
        Assert.Contains("'b'", cut.Message);
        Assert.Contains("shorter than the 8-byte header length", tiny.Message);
    }
}
