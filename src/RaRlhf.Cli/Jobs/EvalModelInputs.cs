using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using RaRlhf.Text;

namespace RaRlhf.Cli.Jobs;

/// <summary>The model side of an evaluation: loading it, the prompt prefix, length checks and the sampling options.</summary>
internal static class EvalModelInputs
{
    public static Gpt2Model LoadModel(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new EvalInputException(
                $"model directory '{directory}' does not exist; pass --model DIR holding config.json + model.safetensors (e.g. assets/imdb/base or RUN/model)");
        }

        // A policy saved with its value head loads too: only the transformer is read, the head is ignored.
        return Gpt2Checkpoint.Load(directory);
    }

    public static int[] EncodePrefix(string? prefix, ByteLevelBpeTokenizer tokenizer)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return [];
        }

        var ids = tokenizer.Encode(prefix);
        return ids.Length > 0 ? ids : throw new EvalInputException($"--prompt-prefix \"{prefix}\" encodes to no tokens");
    }

    public static void RequireFits(Gpt2Config config, int prefix, RunSettings settings, EvalPerplexityTexts perplexity, string modelDirectory)
    {
        var g = settings.Generation;
        if (prefix + g.PromptTokens + g.GenLen > config.NPositions)
        {
            throw new EvalInputException(
                $"prompt prefix ({prefix}) + generation.prompt_tokens ({g.PromptTokens}) + generation.gen_len ({g.GenLen}) tokens exceed n_positions {config.NPositions} of {modelDirectory}");
        }

        var longest = perplexity.Texts.Count == 0 ? 0 : perplexity.Texts.Max(t => t.Length);
        if (prefix + longest > config.NPositions)
        {
            throw new EvalInputException(
                $"prompt prefix ({prefix}) + eval.perplexity.max_tokens ({settings.Eval.PerplexityMaxTokens}) tokens exceed n_positions {config.NPositions} of {modelDirectory}; lower eval.perplexity.max_tokens");
        }
    }

    /// <summary>generation.* as sampling options; rows stop after the first EOS when the model has one (kept, then padded).</summary>
    public static SamplingOptions Sampling(Gpt2Config config, GenerationSection g, int pad) => new()
    {
        MaxNewTokens = g.GenLen,
        TopK = g.TopK,
        TopP = (float)g.TopP,
        Temperature = (float)g.Temperature,
        StopAtEos = config.EosTokenId is not null,
        EosTokenId = config.EosTokenId,
        PadTokenId = pad,
    };
}
