using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline.Evaluation;
using RaRlhf.Text;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// The prompts of an evaluation: a user's --prompts file in file order, or the validation side of run.task's split
/// (<see cref="EvalValidationSet"/>: IMDB reviews longer than 200 characters, Jigsaw comments, RTP prompts) in a fixed
/// shuffled order (the files are sorted by label, so their first N would be one class). The first --count /
/// eval.count are taken, each cut to generation.prompt_tokens tokens (IMDB 64, Jigsaw 8, RTP 32).
/// </summary>
internal sealed record EvalPrompts(IReadOnlyList<EvaluationPrompt> Prompts, string Description)
{
    /// <summary>Seeds the fixed order of built-in validation sets: the same for every method and every run.seed.</summary>
    public const ulong OrderSeed = DatasetSplit.DefaultSeed;

    public static EvalPrompts Load(RunSettings settings, EvalRequest request, ByteLevelBpeTokenizer tokenizer,
        Lazy<EvalValidationSet> validation, TextWriter output)
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
        else
        {
            ordered = validation.Value.OrderedPrompts();
            source = $"{validation.Value.Task} validation prompts";
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
}
