using RaRlhf.Tensors;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using RaRlhf.Rl.Ppo;
using RaRlhf.Rl.Risk;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// A run that needs no assets: a random 2-layer, 32-dim GPT-2 (vocab 64), 64 random 4-token prompts, responses of
/// 8 tokens, reward = count of token <see cref="TargetToken"/>. Used by <c>rarlhf train --tiny</c> and the tests.
/// </summary>
public static class TinyRun
{
    public const int Vocab = 64, PromptCount = 64, PromptLength = 4, ResponseLength = 8, TargetToken = 5;

    public static Gpt2Config Config { get; } = new(NLayer: 2, NHead: 2, NEmbd: 32, NPositions: 32, VocabSize: Vocab);

    public static IReadOnlyList<int[]> Prompts(ulong seed) => Enumerable.Range(0, PromptCount)
        .Select(p => Enumerable.Range(0, PromptLength).Select(t => (int)(SplitMix64.At(seed ^ 0x5EED, (ulong)(p * PromptLength + t)) % Vocab)).ToArray())
        .ToArray();

    public static Gpt2Model Policy(ulong seed)
    {
        var model = new Gpt2Model(Config, Gpt2Heads.Value);
        Gpt2Init.InitializeFromScratch(model, seed);
        return model;
    }

    /// <summary>The reference: the initial policy's transformer (without the value head).</summary>
    public static Gpt2Model Reference(ulong seed)
    {
        var reference = new Gpt2Model(Config);
        Array.Copy(Policy(seed).Parameters, reference.Parameters, reference.Parameters.Length);
        return reference;
    }

    public static PpoSettings Ppo(int batchSize = 16) =>
        new() { BatchSize = batchSize, MiniBatchSize = 8, PpoEpochs = 4, LearningRate = 3e-3, Seed = 1 };

    public static SamplingOptions Sampling { get; } = new() { MaxNewTokens = ResponseLength };

    public static RiskSchedule Schedule(int iterations, decimal alpha = 1m, int batchSize = 16) =>
        new(batchSize, iterations, alpha, Math.Min(5, iterations / 4), 0.8m);

    public static PipelineOptions Options(string runDirectory, int iterations, ulong seed = 3, decimal alpha = 1m) => new()
    {
        RunDirectory = runDirectory,
        RunName = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory))),
        Prompts = Prompts(seed),
        CreatePolicy = () => Policy(seed),
        CreateReference = () => Reference(seed),
        Ppo = Ppo(),
        Risk = Schedule(iterations, alpha),
        Sampling = Sampling,
        Reward = new TokenCountReward(TargetToken),
        Decode = ids => string.Join(' ', ids.Select(i => $"t{i}")),
        Seed = seed,
    };
}
