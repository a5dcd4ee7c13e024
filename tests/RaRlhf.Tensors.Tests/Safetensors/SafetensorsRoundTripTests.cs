using System.Buffers.Binary;
using RaRlhf.Tensors.Safetensors;
using RaRlhf.Testing;

namespace RaRlhf.Tensors.Tests.Safetensors;

public sealed class SafetensorsRoundTripTests
{
    [Fact]
    public void WriteThenOpen_F32TensorsAndMetadata_RoundTripExactly()
    {
        var dir = Directory.CreateTempSubdirectory("rarlhf-st-");
        try
        {
            var path = Path.Combine(dir.FullName, "m.safetensors");
            var a = Enumerable.Range(0, 7 * 3).Select(i => MathF.Sin(i) * 1e3f).ToArray();
            float[] b = [float.MinValue, -0f, float.Epsilon, float.NaN];
            SafetensorsWriter.Write(path,
                [new("a", [7, 3], a), new("b", [4], b), new("empty", [0, 5], Array.Empty<float>())],
                new Dictionary<string, string> { ["format"] = "pt" });

            using var file = SafetensorsFile.Open(path);
            Assert.Equal(a, file.ReadF32("a", [7, 3]));
            Assert.Equal(b.Select(BitConverter.SingleToInt32Bits), file.ReadF32("b").Select(BitConverter.SingleToInt32Bits));
            Assert.Empty(file.ReadF32("empty"));
            Assert.Equal("pt", file.Metadata["format"]);
            Assert.Single(Directory.GetFiles(dir.FullName)); // no temp file left behind
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Write_OverExistingFile_ReplacesIt()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rarlhf-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafetensorsWriter.Write(path, [new("x", [2], new float[] { 1, 2 })]);
            SafetensorsWriter.Write(path, [new("y", [1], new float[] { 3 })]);
            using var file = SafetensorsFile.Open(path);
            Assert.Equal(["y"], file.Tensors.Keys);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadF32_F16AndBf16_WidenToFloat()
    {
        float[] values = [1f, -2.5f, 0.333251953125f, 65504f];
        var f16 = values.SelectMany(v => BitConverter.GetBytes(BitConverter.HalfToUInt16Bits((Half)v))).ToArray();
        var bf16 = values.SelectMany(v =>
        {
            var bytes = new byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16));
            return bytes;
        }).ToArray();
        const string header = """{"h":{"dtype":"F16","shape":[4],"data_offsets":[0,8]},"b":{"dtype":"BF16","shape":[2,2],"data_offsets":[8,16]}}""";
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Build(header, [.. f16, .. bf16]));
        try
        {
            using var file = SafetensorsFile.Open(path);
            Assert.Equal(values, file.ReadF32("h"));
            // BF16 truncates the mantissa to 7 bits; compare with the truncated values.
            var truncated = values.Select(v => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(v) & 0xFFFF0000u));
            Assert.Equal(truncated, file.ReadF32("b"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Open_TinyRandomGpt2_ReadsEveryTensorWithHfLayout()
    {
        using var file = SafetensorsFile.Open(TestData.Require("tiny-random-gpt2/model.safetensors"));
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([1000L, 32L], file.Info("transformer.wte.weight").Shape);
        Assert.Equal([32L, 96L], file.Info("transformer.h.0.attn.c_attn.weight").Shape); // Conv1D [in, out]
        var total = file.Tensors.Values.Sum(t => t.ElementCount);
        Assert.InRange(total, 100_000, 120_000);
        var ln = file.ReadF32("transformer.ln_f.weight");
        Assert.All(ln, v => Assert.True(float.IsFinite(v)));
    }
}
