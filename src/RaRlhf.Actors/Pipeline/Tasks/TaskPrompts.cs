using System.Globalization;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Actors.Pipeline.Tasks;

/// <summary>
/// The training prompts of a task (run.task), always from the train side of the dataset's fixed split (the
/// validation side is for evaluation and never trained on), each truncated to its first <c>promptTokens</c> tokens:
/// imdb = reviews longer than 200 characters (the paper / TRL's sentiment example), jigsaw = every comment of the
/// balanced binary file, rtp = every RealToxicityPrompts prompt. The order is the file's; the sampler shuffles.
/// </summary>
public static class TaskPrompts
{
    public static readonly string[] Tasks = ["imdb", "jigsaw", "rtp"];

    /// <param name="encode">Text → token ids (the policy's tokenizer).</param>
    public static TaskPromptSet Load(string task, DataDirectory data, Func<string, int[]> encode, int promptTokens)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(promptTokens);
        var (file, candidates, what) = task.ToLowerInvariant() switch
        {
            "imdb" => Imdb(data),
            "jigsaw" => Jigsaw(data),
            "rtp" => Rtp(data),
            _ => throw new ArgumentException(
                $"config key 'run.task' = {task}: no prompt set of that name; use one of {string.Join(" | ", Tasks)}"),
        };

        var prompts = candidates.Select(c => Truncate(encode(c.Text), promptTokens)).Where(p => p.Length > 0).ToArray();
        if (prompts.Length == 0)
        {
            throw new InvalidDataException($"{file}: no usable prompts ({what}); check the file or run `./rarlhf data check`");
        }

        var count = prompts.Length.ToString("N0", CultureInfo.InvariantCulture);
        return new TaskPromptSet(task.ToLowerInvariant(), prompts, $"{task}: {count} {what} from {file}, first {promptTokens} tokens");
    }

    /// <summary>The first <paramref name="n"/> ids (all of them when shorter).</summary>
    public static int[] Truncate(int[] ids, int n) => ids.Length <= n ? ids : ids[..n];

    private static (string, IReadOnlyList<PromptCandidate>, string) Imdb(DataDirectory data)
    {
        var file = data.Require(ImdbDataset.TrainFile);
        var train = ImdbDataset.Split(ImdbDataset.LoadTrain(file)).Train;
        return (file, PromptCandidates.Imdb(train), $"train-split reviews longer than {PromptCandidates.ImdbMinCharacters} characters");
    }

    private static (string, IReadOnlyList<PromptCandidate>, string) Jigsaw(DataDirectory data)
    {
        var file = data.Require(JigsawDataset.BinaryFile);
        return (file, PromptCandidates.Jigsaw(JigsawDataset.Split(JigsawDataset.LoadBinary(file)).Train), "train-split comments");
    }

    private static (string, IReadOnlyList<PromptCandidate>, string) Rtp(DataDirectory data)
    {
        var file = data.Require(RtpDataset.File);
        return (file, PromptCandidates.Rtp(RtpDataset.Split(RtpDataset.Load(file)).Train), "train-split prompts");
    }
}
