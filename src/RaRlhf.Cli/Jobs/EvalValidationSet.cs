using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Tasks;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// The validation side of run.task's fixed split (the same <c>*Dataset.Split</c> the training prompts take the train
/// side of, so evaluation never sees a training prompt): <see cref="Prompts"/> = the task's prompt candidates
/// (<see cref="PromptCandidates"/>), <see cref="Texts"/> = the whole held-out texts perplexity may be measured on, each
/// with its class. IMDB: reviews (1 = positive); Jigsaw: comments (1 = toxic); RTP: prompt + continuation as one text,
/// 1 when either part has toxicity &gt; 0.5, 0 when both are scored and ≤ 0.5, null (never selected) when one is unscored.
/// Jigsaw ids come from the text, so duplicate comments are kept once.
/// </summary>
internal sealed record EvalValidationSet(string Task, IReadOnlyList<PromptCandidate> Prompts, IReadOnlyList<PromptCandidate> Texts)
{
    /// <summary>Loads the task's file from the data directory (run.data_dir, RARLHF_DATA).</summary>
    public static EvalValidationSet Load(RunSettings settings) => Load(settings.Run.Task, DataDirectory.Resolve(settings.Run.DataDir));

    public static EvalValidationSet Load(string task, DataDirectory data) => task switch
    {
        "imdb" => Imdb(ImdbDataset.Split(ImdbDataset.LoadTrain(data.Require(ImdbDataset.TrainFile))).Validation),
        "jigsaw" => Jigsaw(JigsawDataset.Split(JigsawDataset.LoadBinary(data.Require(JigsawDataset.BinaryFile))).Validation),
        "rtp" => Rtp(RtpDataset.Split(RtpDataset.Load(data.Require(RtpDataset.File))).Validation),
        _ => throw new EvalInputException(
            $"run.task = {task}: no built-in validation set (tasks: {string.Join(" | ", TaskPrompts.Tasks)}); pass --prompts FILE.csv|.jsonl and set eval.perplexity.texts to a file or off"),
    };

    /// <summary>The records of class <paramref name="label"/> in their fixed order (<see cref="EvalPrompts.OrderSeed"/>).</summary>
    public IReadOnlyList<PromptCandidate> TextsOfLabel(int label)
    {
        var texts = Texts.Where(t => t.Label == label).ToArray();
        return PromptOrder.Permutation(texts.Length, EvalPrompts.OrderSeed, 0).Select(i => texts[i]).ToArray();
    }

    /// <summary>The prompts in their fixed order: the files are sorted by label, so their first N would be one class.</summary>
    public IReadOnlyList<PromptCandidate> OrderedPrompts() =>
        PromptOrder.Permutation(Prompts.Count, EvalPrompts.OrderSeed, 0).Select(i => Prompts[i]).ToArray();

    private static EvalValidationSet Imdb(IReadOnlyList<ImdbReview> validation) =>
        new("imdb", PromptCandidates.Imdb(validation), validation.Select(r => new PromptCandidate(r.Id, r.Text, r.Label)).ToArray());

    private static EvalValidationSet Jigsaw(IReadOnlyList<JigsawComment> validation)
    {
        var unique = validation.DistinctBy(c => c.Id, StringComparer.Ordinal).ToArray();
        return new("jigsaw", PromptCandidates.Jigsaw(unique), unique.Select(c => new PromptCandidate(c.Id, c.Text, c.Label)).ToArray());
    }

    private static EvalValidationSet Rtp(IReadOnlyList<RtpPrompt> validation) =>
        new("rtp", PromptCandidates.Rtp(validation), validation.Select(p => new PromptCandidate(p.Id, p.Text + p.ContinuationText, RtpTextLabel(p))).ToArray());

    private static int? RtpTextLabel(RtpPrompt p) => p.Toxicity is not { } prompt || p.ContinuationToxicity is not { } continuation
        ? null
        : prompt > RtpPrompt.ToxicThreshold || continuation > RtpPrompt.ToxicThreshold ? 1 : 0;
}
