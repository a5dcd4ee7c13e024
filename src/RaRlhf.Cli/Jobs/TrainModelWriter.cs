using System.Text.Json;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Models;
using RaRlhf.Text;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// Writes the final policy (transformer + value head) as a Gpt2Checkpoint directory <c>RUN/model/</c> with the
/// tokenizer (when the run has one) and <c>policy.json</c> (version, blob SHA-256), into a temp folder beside it that
/// is renamed over it: a crash leaves the previous directory or the new one, never a mix.
/// </summary>
internal static class TrainModelWriter
{
    public const string DirectoryName = "model";
    public const string PolicyFile = "policy.json";

    public static string Write(string runDirectory, Gpt2Model policy, ByteLevelBpeTokenizer? tokenizer, PolicyPublished published, int iterations)
    {
        var final = Path.Combine(Path.GetFullPath(runDirectory), DirectoryName);
        var temp = final + $".tmp-{Guid.NewGuid():N}";
        var old = final + $".old-{Guid.NewGuid():N}";
        try
        {
            Gpt2Checkpoint.Save(policy, temp);
            tokenizer?.Save(temp);
            using (var stream = new FileStream(Path.Combine(temp, PolicyFile), FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, new { policy_version = published.Version, sha256 = published.Sha256, iterations });
                stream.Flush(flushToDisk: true);
            }

            if (Directory.Exists(final)) Directory.Move(final, old);
            Directory.Move(temp, final);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
            return final;
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            if (Directory.Exists(old) && !Directory.Exists(final)) Directory.Move(old, final);
            throw;
        }
    }
}
