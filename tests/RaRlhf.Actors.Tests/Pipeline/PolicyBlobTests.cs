using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Models;
using RaRlhf.Tensors.Safetensors;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class PolicyBlobTests(ITestOutputHelper output)
{
    /// <summary>The tiny policy (value head) with values that a lossy path would change: −0, subnormal, extremes.</summary>
    private static Gpt2Model Policy(ulong seed)
    {
        var model = TinyRun.Policy(seed);
        float[] special = [-0f, float.Epsilon, -float.Epsilon * 3, float.MaxValue, float.MinValue, 1e-40f, 65505f];
        special.CopyTo(model.Parameters, 17);
        model.Parameters[^1] = -1.5e-39f; // the value head's bias
        return model;
    }

    [Fact]
    public void DecodeInto_EncodedPolicy_WeightsBitIdentical()
    {
        var policy = Policy(7);
        var target = TinyRun.Policy(8);

        PolicyBlob.DecodeInto(PolicyBlob.Encode(policy, 12), target);

        var differentBits = policy.Parameters.Zip(target.Parameters).Count(p => BitConverter.SingleToInt32Bits(p.First) != BitConverter.SingleToInt32Bits(p.Second));
        var maxDiff = policy.Parameters.Zip(target.Parameters).Max(p => Math.Abs((double)p.First - p.Second));
        output.WriteLine($"{policy.Parameters.Length} parameters: max |Δ| = {maxDiff}, {differentBits} differ in bits");
        Assert.Equal(0, differentBits);
    }

    /// <summary>Parses the blob with plain JSON and byte arithmetic (not our reader): the safetensors layout, HF names.</summary>
    [Fact]
    public void Encode_Policy_IsSafetensorsWithHfNamesAndVersionMetadata()
    {
        var policy = Policy(7);
        var blob = PolicyBlob.Encode(policy, 12);

        var headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(blob));
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(blob, 8, headerLength));
        var dataStart = 8 + headerLength;
        var metadata = header.RootElement.GetProperty("__metadata__");
        Assert.Equal("pt", metadata.GetProperty("format").GetString());
        Assert.Equal("12", metadata.GetProperty("policy_version").GetString());
        Assert.Equal(0, dataStart % 8);
        Assert.Equal(dataStart + policy.Parameters.Length * 4, blob.Length);

        var views = policy.Layout.Views;
        Assert.Equal(views.Count + 1, header.RootElement.EnumerateObject().Count());
        Assert.Equal("transformer.h.1.mlp.c_fc.weight", HfName(views[2 + 12 + 8]));
        Assert.Equal("v_head.summary.bias", HfName(views[^1]));
        foreach (var view in views)
        {
            var entry = header.RootElement.GetProperty(HfName(view));
            Assert.Equal("F32", entry.GetProperty("dtype").GetString());
            Assert.Equal(view.Shape, entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
            var offsets = entry.GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt32()).ToArray();
            Assert.Equal([view.Offset * 4, (view.Offset + view.Length) * 4], offsets);
            for (var i = 0; i < view.Length; i++)
            {
                var bits = BinaryPrimitives.ReadInt32LittleEndian(blob.AsSpan(dataStart + offsets[0] + 4 * i));
                Assert.Equal(BitConverter.SingleToInt32Bits(policy.Parameters[view.Offset + i]), bits);
            }
        }
    }

    [Fact]
    public void Encode_BlobAsFile_LoadsAsHfCheckpointWeights()
    {
        var policy = Policy(7);
        var path = Path.Combine(Path.GetTempPath(), $"rarlhf-policy-{Guid.NewGuid():N}.safetensors");
        try
        {
            File.WriteAllBytes(path, PolicyBlob.Encode(policy, 3));
            var loaded = TinyRun.Policy(9);

            Gpt2Checkpoint.LoadWeights(loaded, path);

            Assert.Equal(policy.Parameters, loaded.Parameters);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DecodeInto_OtherShape_ThrowsNamingTensorAndBothShapesAndLeavesTargetAlone()
    {
        var blob = PolicyBlob.Encode(Policy(7), 4);
        var target = new Gpt2Model(TinyRun.Config with { NPositions = 16 }, Gpt2Heads.Value);
        Gpt2Init.InitializeFromScratch(target, 1);
        var before = target.Parameters.ToArray();

        var error = Assert.Throws<InvalidDataException>(() => PolicyBlob.DecodeInto(blob, target));

        output.WriteLine(error.Message);
        Assert.Contains("'transformer.wpe.weight' has shape [32, 32] but the model needs [16, 32]", error.Message);
        Assert.Contains("v4", error.Message);
        Assert.Equal(before, target.Parameters);
    }

    [Fact]
    public void DecodeInto_HeadMismatch_ThrowsNamingTheTensor()
    {
        var withHead = PolicyBlob.Encode(TinyRun.Policy(1), 0);
        var withoutHead = PolicyBlob.Encode(TinyRun.Reference(1), 0);

        var extra = Assert.Throws<InvalidDataException>(() => PolicyBlob.DecodeInto(withHead, TinyRun.Reference(1)));
        var missing = Assert.Throws<InvalidDataException>(() => PolicyBlob.DecodeInto(withoutHead, TinyRun.Policy(1)));

        Assert.Contains("holds tensor 'v_head.summary.", extra.Message);
        Assert.Contains("lacks tensor 'v_head.summary.weight' [1, 32]", missing.Message);
    }

    [Fact]
    public void DecodeInto_RawFloat32BlobOfOlderBuilds_ThrowsFormatError()
    {
        var policy = TinyRun.Policy(1);
        var raw = System.Runtime.InteropServices.MemoryMarshal.AsBytes(policy.Parameters.AsSpan()).ToArray();

        var error = Assert.Throws<SafetensorsFormatException>(() => PolicyBlob.DecodeInto(raw, TinyRun.Policy(2)));

        Assert.Contains("policy blob", error.Message);
    }

    [Fact]
    public void DecodeInto_SafetensorsWithoutVersion_ThrowsNotAPolicyBlob()
    {
        var plain = SafetensorsWriter.ToBytes(Gpt2Checkpoint.Tensors(TinyRun.Policy(1)), new Dictionary<string, string> { ["format"] = "pt" });

        var error = Assert.Throws<InvalidDataException>(() => PolicyBlob.DecodeInto(plain, TinyRun.Policy(2)));

        Assert.Contains("policy_version", error.Message);
    }

    private static string HfName(ParameterView view) => view.Name.StartsWith("v_head.", StringComparison.Ordinal) ? view.Name : "transformer." + view.Name;
}
