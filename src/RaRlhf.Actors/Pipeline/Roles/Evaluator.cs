using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Pipeline.Evaluation;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// Evaluates one model (docs/evaluation.md): for <see cref="EvaluatePrompts"/> it samples a completion per prompt
/// (prompt prefix + prompt as context), scores each prompt alone and each prompt + completion with the reward model,
/// and answers <see cref="EvaluatedPrompts"/>; for <see cref="EvaluatePerplexity"/> it answers the per-token NLLs of
/// held-out texts. Stateless between messages: a restart only rebuilds the sampler over the same model.
/// </summary>
public sealed class Evaluator(Gpt2Model model, IRewardModel reward, Func<int[], string> decode, EvaluatorSettings settings) : Actor
{
    private readonly Gpt2Sampler _sampler = new(model);

    protected override async Task ReceiveAsync(object message)
    {
        switch (message)
        {
            case EvaluatePrompts prompts:
                Respond(await EvaluateAsync(prompts));
                break;
            case EvaluatePerplexity perplexity:
                Respond(new EvaluatedPerplexity(perplexity.Batch, TokenNll.Compute(model, perplexity.Texts, settings.PromptPrefix, settings.PadTokenId)));
                break;
            default:
                throw new InvalidOperationException($"{nameof(Evaluator)} cannot handle {message.GetType().Name}");
        }
    }

    private async Task<EvaluatedPrompts> EvaluateAsync(EvaluatePrompts request)
    {
        var prompts = request.Prompts;
        if (prompts.Count == 0)
        {
            return new EvaluatedPrompts(request.Batch, []);
        }

        var contexts = prompts.Select(p => settings.PromptPrefix.Concat(p.PromptIds).ToArray()).ToArray();
        var gen = _sampler.Generate(contexts, settings.Sampling with { Seed = request.Seed });
        var completions = new int[prompts.Count][];
        for (var b = 0; b < prompts.Count; b++)
        {
            var mask = gen.ResponseMask.AsSpan(b * gen.G, gen.G);
            var length = mask.IndexOf(0f) is var z and >= 0 ? z : gen.G;
            completions[b] = gen.Response.AsSpan(b * gen.G, length).ToArray();
        }

        var texts = completions.Select(decode).ToArray();
        // The prompt alone is scored as a whole episode (empty prompt, prompt as response), so scorers that read
        // only the response text (lexicon) and those that read prompt + response (classifier) both see all of it.
        var promptScores = await ScoreAsync(prompts.Select(p => new RewardInput("", p.Text, [], p.PromptIds)).ToArray(), "prompt");
        var rewards = await ScoreAsync(
            prompts.Select((p, i) => new RewardInput(p.Text, texts[i], p.PromptIds, completions[i])).ToArray(), "completion");
        var episodes = prompts
            .Select((p, i) => new EvaluationEpisode(p.Id, p.Text, completions[i], texts[i], promptScores[i], rewards[i]))
            .ToArray();
        return new EvaluatedPrompts(request.Batch, episodes);
    }

    private async Task<float[]> ScoreAsync(IReadOnlyList<RewardInput> inputs, string what)
    {
        var output = await reward.ScoreAsync(inputs, Context.Stopping);
        if (output.Scores.Length != inputs.Count || output.Scores.Any(s => !float.IsFinite(s)))
        {
            throw new InvalidOperationException(
                $"reward model {reward.Name} returned {output.Scores.Length} {what} scores for {inputs.Count} inputs (or a non-finite one); " +
                "it must return one finite score per input");
        }

        return output.Scores;
    }
}
