using RaRlhf.Tensors.Safetensors;

namespace RaRlhf.Tensors.Tests.Safetensors;

public sealed class SafetensorsValidationTests
{
    private const string OneTensor = """{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}}""";

    [Fact]
    public void Open_FileShorterThanLengthPrefix_ThrowsTruncated()
    {
        var e = OpenBad(new byte[] { 1, 2, 3 });
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_HeaderLengthPastEof_Throws()
    {
        var bytes = SafetensorsBytes.Build(OneTensor, new byte[16]);
        var e = OpenBad(bytes[..20]);
        Assert.Contains("header length", e.Message, StringComparison.Ordinal);
        Assert.Null(e.TensorName);
    }

    [Fact]
    public void Open_BadJson_Throws()
    {
        var e = OpenBad(SafetensorsBytes.Build("""{"w":{"dtype":"F32",""", new byte[16]));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnknownDtype_ThrowsNamingTensor()
    {
        var e = OpenBad(SafetensorsBytes.Build("""{"w":{"dtype":"Q4","shape":[4],"data_offsets":[0,16]}}""", new byte[16]));
        Assert.Equal("w", e.TensorName);
        Assert.Contains("Q4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TruncatedData_ThrowsOffsetsOutOfRange()
    {
        var e = OpenBad(SafetensorsBytes.Build(OneTensor, new byte[12]));
        Assert.Equal("w", e.TensorName);
        Assert.Contains("past the data section", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_OverlappingOffsets_ThrowsNamingBothTensors()
    {
        const string header = """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""";
        var e = OpenBad(SafetensorsBytes.Build(header, new byte[16]));
        Assert.Equal("b", e.TensorName);
        Assert.Contains("overlap tensor 'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ShapeByteCountMismatch_Throws()
    {
        var e = OpenBad(SafetensorsBytes.Build("""{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}""", new byte[16]));
        Assert.Equal("w", e.TensorName);
        Assert.Contains("needs 12 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EndBeforeBegin_Throws()
    {
        var e = OpenBad(SafetensorsBytes.Build("""{"w":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}""", new byte[16]));
        Assert.Equal("w", e.TensorName);
    }

    [Fact]
    public void ReadF32_WrongExpectedShapeOrMissingTensor_ThrowsNamingTensor()
    {
        var path = SafetensorsBytes.WriteTemp(SafetensorsBytes.Build(OneTensor, new byte[16]));
        try
        {
            using var file = SafetensorsFile.Open(path);
            var shape = Assert.Throws<SafetensorsFormatException>(() => file.ReadF32("w", [4]));
            Assert.Contains("[2, 2]", shape.Message, StringComparison.Ordinal);
            var missing = Assert.Throws<SafetensorsFormatException>(() => file.ReadF32("nope"));
            Assert.Equal("nope", missing.TensorName);
            Assert.Contains(path, missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SafetensorsFormatException OpenBad(byte[] bytes)
    {
        var path = SafetensorsBytes.WriteTemp(bytes);
        try
        {
            var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
            Assert.Equal(path, e.FilePath);
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
            return e;
        }
        finally
        {
            File.Delete(path);
        }
    }
}
