using RaRlhf.Models;
using RaRlhf.Tensors.Safetensors;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// Rewrites a model directory's model.safetensors with every tensor stored as F16 (round to nearest even), atomically;
/// names, shapes, order and metadata are kept. Loading widens back to float, so a model is used exactly as stored.
/// </summary>
internal static class HalfPrecision
{
    /// <summary>Converts in place; returns (bytes before, bytes after). A file already all F16 is left as is.</summary>
    public static (long Before, long After) Convert(string modelDirectory)
    {
        var path = Path.Combine(modelDirectory, Gpt2Checkpoint.WeightsFile);
        if (!File.Exists(path)) throw new PrepareException($"'{modelDirectory}' has no {Gpt2Checkpoint.WeightsFile}; pass a model directory");
        var before = new FileInfo(path).Length;
        List<SafetensorsTensor> tensors;
        Dictionary<string, string> metadata;
        using (var file = SafetensorsFile.Open(path))
        {
            if (file.Tensors.Values.All(t => t.Dtype == SafetensorsDtype.F16)) return (before, before);
            tensors = file.Tensors.Values.OrderBy(t => t.Begin).Select(t => new SafetensorsTensor(t.Name, t.Shape, file.ReadF32(t.Name))).ToList();
            metadata = new Dictionary<string, string>(file.Metadata);
        }

        SafetensorsWriter.Write(path, tensors, metadata, SafetensorsDtype.F16);
        return (before, new FileInfo(path).Length);
    }
}
