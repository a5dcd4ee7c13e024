using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Evaluation;
using RaRlhf.Text;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// The prompts of an evaluation: a user's --prompts file in file order, or the task's validation split (IMDB: reviews
/// longer than 200 characters) in a fixed shuffled order (the file is sorted by label, so its first N would all be
/// negative). The first --count / eval.count are taken, each cut to generation.prompt_tokens tokens.
/// </summary>
internal sealed record EvalPrompts(IReadOnlyList<EvaluationPrompt> Prompts, string Description)
{
    /// <summary>Seeds the fixed order of built-in validation sets: the same for every method and every run.seed.</summary>
    public const ulong OrderSeed = DatasetSplit.DefaultSeed;

    public static EvalPrompts Load(RunSettings settings, EvalRequest request, ByteLevelBpeTokenizer tokenizer,
        Lazy<TrainValidationSplit<ImdbReview>> imdb, TextWriter output)
    {
        var count = request.PromptCount ?? settings.Eval.Count;
        if (count < 0 || request.PromptCount == 0)
        {
            throw new EvalInputException($"--count {count}: give at least 1 prompt (eval.count = 0 means every prompt)");
        }

        IReadOnlyList<PromptCandidate> ordered;
        string source;
        if (request.PromptsFile is { } file)
        {
            ordered = PromptFile.Load(file, request.TextColumn);
            source = $"prompts of {Path.GetFileName(file)}";
        }
        else if (settings.Run.Task == "imdb")
        {
            var candidates = PromptCandidates.Imdb(imdb.Value.Validation);
            ordered = PromptOrder.Permutation(candidates.Count, OrderSeed, 0).Select(i => candidates[i]).ToArray();
            source = "imdb validation prompts";
        }
        else
        {
            throw new EvalInputException(
                $"run.task = {settings.Run.Task}: eval has built-in validation prompts for imdb only; pass --prompts FILE.csv|.jsonl (--text-column NAME)");
        }

        var take = count == 0 ? ordered.Count : Math.Min(count, ordered.Count);
        if (take < count)
        {
            output.WriteLine($"eval: {count} prompts asked for but the {source} hold {ordered.Count}; evaluating all {ordered.Count}");
        }

        var maxTokens = settings.Generation.PromptTokens;
        var prompts = ordered.Take(take).Select(c =>
        {
            var ids = tokenizer.Encode(c.Text);
            if (ids.Length == 0)
            {
                throw new EvalInputException($"prompt {c.Id} encodes to no tokens; remove it or give it text");
            }

            ids = ids.Length > maxTokens ? ids[..maxTokens] : ids;
            return new EvaluationPrompt(c.Id, ids, tokenizer.Decode(ids));
        }).ToArray();
        var duplicate = prompts.GroupBy(p => p.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new EvalInputException($"prompt id '{duplicate.Key}' appears {duplicate.Count()} times; prompt ids must be unique");
        }

        return new EvalPrompts(prompts, source);
    }

    /// <summary>The fixed IMDB split, loaded from the data directory (run.data_dir, RARLHF_DATA).</summary>
    public static TrainValidationSplit<ImdbReview> LoadImdb(RunSettings settings)
    {
        var data = DataDirectory.Resolve(settings.Run.DataDir);
        return ImdbDataset.Split(ImdbDataset.LoadTrain(data.Require(ImdbDataset.TrainFile)));
    }
}
