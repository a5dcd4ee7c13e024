using System.Text.Json.Nodes;
using RaRlhf.Tensors.Safetensors;
using RaRlhf.Testing;

namespace RaRlhf.Models.Tests;

public sealed class Gpt2CheckpointTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("rarlhf-gpt2-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Load_TinyRandomConfig_ResolvesNInnerAndIgnoresIntermediateSize()
    {
        var model = Gpt2Checkpoint.Load(TestData.Require("tiny-random-gpt2"));
        Assert.Equal(128, model.Config.Inner); // n_inner null → 4·32, not intermediate_size 37
        Assert.Equal(98, model.Config.EosTokenId);
        Assert.Equal(model.Layout.Length, model.Parameters.Length);
    }

    [Fact]
    public void SaveThenLoad_ModelWithBothHeads_RoundTripsEveryParameter()
    {
        var model = SmallModels.Create(Gpt2Heads.Value | Gpt2Heads.Score, numLabels: 2);
        Gpt2Checkpoint.Save(model, _dir.FullName);
        var loaded = Gpt2Checkpoint.Load(_dir.FullName, Gpt2Heads.Value | Gpt2Heads.Score);
        Assert.Equal(2, loaded.Layout.NumLabels);
        Assert.Equal(model.Parameters, loaded.Parameters);
        Assert.Equal(model.Config.EosTokenId, loaded.Config.EosTokenId);
        using var file = SafetensorsFile.Open(Path.Combine(_dir.FullName, Gpt2Checkpoint.WeightsFile));
        Assert.Contains("transformer.h.1.mlp.c_proj.weight", file.Tensors.Keys);
        Assert.Contains("v_head.summary.weight", file.Tensors.Keys);
        Assert.Contains("score.weight", file.Tensors.Keys);
        Assert.DoesNotContain("lm_head.weight", file.Tensors.Keys);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(_dir.FullName, "config.json")))!;
        Assert.Equal(2, config["id2label"]!.AsObject().Count); // HF derives num_labels from id2label
    }

    [Fact]
    public void LoadWeights_SavedPolicy_OverwritesAnotherModelsParameters()
    {
        var source = SmallModels.Create(Gpt2Heads.Value, seed: 1);
        Gpt2Checkpoint.Save(source, _dir.FullName);
        var target = SmallModels.Create(Gpt2Heads.Value, seed: 2);
        Gpt2Checkpoint.LoadWeights(target, Path.Combine(_dir.FullName, Gpt2Checkpoint.WeightsFile));
        Assert.Equal(source.Parameters, target.Parameters);
        var withScore = SmallModels.Create(Gpt2Heads.Score);
        Assert.Throws<SafetensorsFormatException>(() => Gpt2Checkpoint.LoadWeights(withScore, Path.Combine(_dir.FullName, Gpt2Checkpoint.WeightsFile)));
    }

    [Fact]
    public void Load_KeysWithoutPrefixAndWithLmHead_EqualsPrefixedLoad()
    {
        var reference = Gpt2Checkpoint.Load(TestData.Require("tiny-random-gpt2"));
        var tensors = reference.Layout.Views.Select(v => new SafetensorsTensor(v.Name, v.Shape, reference.Parameters.AsMemory(v.Offset, v.Length))).ToList();
        tensors.Add(new SafetensorsTensor("lm_head.weight", reference.Layout["wte.weight"].Shape, reference.Param("wte.weight")));
        SafetensorsWriter.Write(Path.Combine(_dir.FullName, "model.safetensors"), tensors);
        File.Copy(TestData.Require("tiny-random-gpt2/config.json"), Path.Combine(_dir.FullName, "config.json"));
        Assert.Equal(reference.Parameters, Gpt2Checkpoint.Load(_dir.FullName).Parameters);
    }

    [Fact]
    public void Load_MissingConfig_ThrowsNamingConfigJson()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Gpt2Checkpoint.Load(_dir.FullName));
        Assert.Contains("config.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(_dir.FullName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TensorShapeDisagreesWithConfig_ThrowsNamingTensor()
    {
        CopyTinyWithConfig(c => c["n_positions"] = 256);
        var e = Assert.Throws<SafetensorsFormatException>(() => Gpt2Checkpoint.Load(_dir.FullName));
        Assert.Equal("transformer.wpe.weight", e.TensorName);
        Assert.Contains("[512, 32]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TensorMissing_ThrowsNamingTensor()
    {
        var reference = SmallModels.Create();
        var tensors = reference.Layout.Views.Where(v => v.Name != "h.1.ln_2.bias")
            .Select(v => new SafetensorsTensor("transformer." + v.Name, v.Shape, reference.Parameters.AsMemory(v.Offset, v.Length))).ToList();
        SafetensorsWriter.Write(Path.Combine(_dir.FullName, "model.safetensors"), tensors);
        reference.Config.Save(Path.Combine(_dir.FullName, "config.json"));
        var e = Assert.Throws<SafetensorsFormatException>(() => Gpt2Checkpoint.Load(_dir.FullName));
        Assert.Equal("transformer.h.1.ln_2.bias", e.TensorName);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ValueHeadAbsent_InitialisesItDeterministically()
    {
        var a = Gpt2Checkpoint.Load(TestData.Require("tiny-random-gpt2"), Gpt2Heads.Value, headSeed: 3);
        var b = Gpt2Checkpoint.Load(TestData.Require("tiny-random-gpt2"), Gpt2Heads.Value, headSeed: 3);
        var w = a.Param(Gpt2Layout.ValueWeight).ToArray();
        Assert.Equal(w, b.Param(Gpt2Layout.ValueWeight).ToArray());
        Assert.All(w, x => Assert.InRange(x, -1 / MathF.Sqrt(32), 1 / MathF.Sqrt(32)));
        Assert.True(w.Distinct().Count() > 30);
    }

    [Fact]
    public void Load_UnsupportedActivation_ThrowsNamingField()
    {
        CopyTinyWithConfig(c => c["activation_function"] = "relu");
        var e = Assert.Throws<InvalidDataException>(() => Gpt2Checkpoint.Load(_dir.FullName));
        Assert.Contains("activation_function", e.Message, StringComparison.Ordinal);
    }

    private void CopyTinyWithConfig(Action<JsonObject> edit)
    {
        var config = JsonNode.Parse(File.ReadAllText(TestData.Require("tiny-random-gpt2/config.json")))!.AsObject();
        edit(config);
        File.WriteAllText(Path.Combine(_dir.FullName, "config.json"), config.ToJsonString());
        File.Copy(TestData.Require("tiny-random-gpt2/model.safetensors"), Path.Combine(_dir.FullName, "model.safetensors"));
    }
}
