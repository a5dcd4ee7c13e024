using System.Buffers.Binary;
using System.Text.Json;
using RaRlhf.Tensors.Safetensors;

namespace RaRlhf.Tensors.Tests.Safetensors;

/// <summary>
/// F16 writing: the stored bits must equal an independent scalar conversion (System.Half's explicit cast, IEEE round to
/// nearest even) and a few values worked out by hand; reading widens them back exactly.
/// </summary>
public sealed class SafetensorsF16WriteTests
{
    // (value, F16 bits by hand): 1/3 → 0x3555; 65519 rounds down to the largest half 65504 = 0x7BFF;
    // 1 + 2^-11 is a tie between 1 (even) and 1 + 2^-10 → 0x3C00; 1 + 3·2^-11 ties to the even 1 + 2^-9 → 0x3C02;
    // 2^-24 is the smallest subnormal 0x0001; 2^-26 rounds to +0; -0 keeps its sign 0x8000.
    private static readonly (float Value, ushort Bits)[] ByHand =
    [
        (1f / 3, 0x3555), (65519f, 0x7BFF), (1 + MathF.Pow(2, -11), 0x3C00), (1 + 3 * MathF.Pow(2, -11), 0x3C02),
        (MathF.Pow(2, -24), 0x0001), (MathF.Pow(2, -26), 0x0000), (-0f, 0x8000), (float.PositiveInfinity, 0x7C00),
    ];

    [Fact]
    public void WriteF16_Values_StoreTheBitsOfSystemHalfAndReadBackWidened()
    {
        var wide = Enumerable.Range(0, 999).Select(i => MathF.Sin(i * 0.37f) * MathF.Pow(10, i % 9 - 6)).ToArray(); // 1e-6 … 1e2
        var special = ByHand.Select(v => v.Value).Append(float.NaN).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"rarlhf-f16-{Guid.NewGuid():N}.safetensors");
        try
        {
            SafetensorsWriter.Write(path, [new("w", [27, 37], wide), new("s", [special.Length], special)],
                new Dictionary<string, string> { ["format"] = "pt" }, SafetensorsDtype.F16);

            var bytes = File.ReadAllBytes(path);
            var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
            Assert.Equal("F16", header.RootElement.GetProperty("w").GetProperty("dtype").GetString());
            Assert.Equal(8 + headerLength + 2 * (wide.Length + special.Length), bytes.Length);

            ushort[] Stored(int begin, int count) => Enumerable.Range(0, count)
                .Select(i => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8 + headerLength + 2 * (begin + i)))).ToArray();
            var storedWide = Stored(0, wide.Length);
            Assert.Equal(wide.Select(v => BitConverter.HalfToUInt16Bits((Half)v)), storedWide);
            var storedSpecial = Stored(wide.Length, special.Length);
            Assert.Equal(ByHand.Select(v => v.Bits), storedSpecial[..ByHand.Length]);
            Assert.True(Half.IsNaN(BitConverter.UInt16BitsToHalf(storedSpecial[^1])));

            using var file = SafetensorsFile.Open(path);
            Assert.Equal(SafetensorsDtype.F16, file.Info("w").Dtype);
            Assert.Equal([27L, 37L], file.Info("w").Shape);
            var back = file.ReadF32("w");
            Assert.Equal(wide.Select(v => (float)(Half)v), back);
            var maxRelative = wide.Zip(back).Where(p => MathF.Abs(p.First) > 1e-4f).Max(p => MathF.Abs(p.First - p.Second) / MathF.Abs(p.First));
            Assert.True(maxRelative <= MathF.Pow(2, -11), $"max relative rounding error {maxRelative} > 2^-11");
            Assert.Equal("pt", file.Metadata["format"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void WriteF16_FiniteValueBeyondRange_ThrowsNamingTheTensorAndLeavesNoFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rarlhf-f16-{Guid.NewGuid():N}.safetensors");
        var e = Assert.Throws<ArgumentException>(() =>
            SafetensorsWriter.Write(path, [new("big", [2], new[] { 1f, 70000f })], null, SafetensorsDtype.F16));
        Assert.Contains("'big'", e.Message);
        Assert.Contains("70000", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Write_Bf16_IsRefused()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rarlhf-f16-{Guid.NewGuid():N}.safetensors");
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [new("x", [1], new[] { 1f })], null, SafetensorsDtype.BF16));
        Assert.False(File.Exists(path));
    }
}
