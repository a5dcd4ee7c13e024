using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Text;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Jobs;

/// <summary>
/// The held-out human texts perplexity is measured on (eval.perplexity): the task's validation records of class
/// <c>label</c> (<see cref="EvalValidationSet.Texts"/>: IMDB positive reviews, Jigsaw non-toxic comments, RTP non-toxic
/// prompt + continuation texts) in the fixed order of <see cref="EvalPrompts.OrderSeed"/>, or a file's rows in file
/// order; the first <c>count</c>, each cut to its first <c>max_tokens</c> tokens. The same texts for every method.
/// </summary>
internal sealed record EvalPerplexityTexts(IReadOnlyList<int[]> Texts, string Description)
{
    public static EvalPerplexityTexts Load(EvalSection eval, ByteLevelBpeTokenizer tokenizer, Lazy<EvalValidationSet> validation)
    {
        IReadOnlyList<string> texts;
        string source;
        switch (eval.PerplexityTexts)
        {
            case "off":
                return new EvalPerplexityTexts([], "not measured (eval.perplexity.texts = off)");
            case "validation":
                texts = validation.Value.TextsOfLabel(eval.PerplexityLabel).Select(t => t.Text).ToArray();
                source = $"{validation.Value.Task} validation texts of label {eval.PerplexityLabel}";
                break;
            default:
                if (!File.Exists(eval.PerplexityTexts))
                {
                    throw new EvalInputException(
                        $"eval.perplexity.texts = {eval.PerplexityTexts}: no such file; give validation, off or an existing .csv/.jsonl file");
                }

                texts = PromptFile.Load(eval.PerplexityTexts, eval.PerplexityTextColumn).Select(c => c.Text).ToArray();
                source = $"texts of {Path.GetFileName(eval.PerplexityTexts)}";
                break;
        }

        var encoded = texts.Take(eval.PerplexityCount)
            .Select(t => tokenizer.Encode(t))
            .Select(ids => ids.Length > eval.PerplexityMaxTokens ? ids[..eval.PerplexityMaxTokens] : ids)
            .Where(ids => ids.Length >= 2)
            .ToArray();
        if (encoded.Length == 0)
        {
            throw new EvalInputException($"eval.perplexity.texts: the {source} hold no text of 2 or more tokens; give longer texts or set it to off");
        }

        var tokens = encoded.Sum(t => t.Length - 1);
        return new EvalPerplexityTexts(encoded, $"{encoded.Length} {source} ({tokens} scored tokens, first {eval.PerplexityMaxTokens} tokens of each)");
    }
}
