using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Text;

namespace RaRlhf.Cli.Training;

/// <summary>
/// Writes a Hugging Face model directory (config.json, model.safetensors, tokenizer.json, optional JSON side files)
/// into a temp folder beside the target, then renames it over the target, so a crash never leaves a half-written model.
/// </summary>
internal static class ModelDirectoryWriter
{
    public static void Write(Gpt2Model model, ByteLevelBpeTokenizer tokenizer, string directory, IReadOnlyDictionary<string, object>? sideFiles = null)
    {
        var final = Path.GetFullPath(directory);
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temp = final + $".tmp-{Guid.NewGuid():N}";
        var old = final + $".old-{Guid.NewGuid():N}";
        try
        {
            Gpt2Checkpoint.Save(model, temp);
            tokenizer.Save(temp);
            foreach (var (name, value) in sideFiles ?? new Dictionary<string, object>())
            {
                using var stream = new FileStream(Path.Combine(temp, name), FileMode.CreateNew, FileAccess.Write);
                JsonSerializer.Serialize(stream, value, new JsonSerializerOptions { WriteIndented = true });
                stream.Flush(flushToDisk: true);
            }

            if (Directory.Exists(final)) Directory.Move(final, old);
            Directory.Move(temp, final);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            if (Directory.Exists(old) && !Directory.Exists(final)) Directory.Move(old, final);
            throw;
        }
    }
}
