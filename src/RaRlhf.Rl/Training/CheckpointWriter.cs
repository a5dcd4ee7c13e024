using RaRlhf.Models;

namespace RaRlhf.Rl.Training;

/// <summary>
/// Writes <c>root/step-NNNNNN</c> atomically: the checkpoint goes into a temp sibling folder (each file itself flushed),
/// which is renamed into place, so a crash never leaves a half-written checkpoint under the final name.
/// </summary>
public static class CheckpointWriter
{
    public static string Write(Gpt2Model model, string root, int step)
    {
        ArgumentNullException.ThrowIfNull(model);
        Directory.CreateDirectory(root);
        var final = Path.Combine(root, $"step-{step:D6}");
        var temp = final + $".tmp-{Guid.NewGuid():N}";
        try
        {
            Gpt2Checkpoint.Save(model, temp);
            if (Directory.Exists(final))
            {
                Directory.Delete(final, recursive: true);
            }

            Directory.Move(temp, final);
        }
        catch
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            throw;
        }

        return final;
    }
}
