using RaRlhf.Models;
using RaRlhf.Models.Sampling;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// Generates rows [offset, offset + n) of a batch of <c>batchRows</c> prompts exactly as <see cref="Gpt2Sampler"/>
/// generates them in the whole batch (its random stream is splitmix64(seed, step · B + row); a chunk passes
/// <see cref="SamplingOptions.RowOffset"/> and <see cref="SamplingOptions.BatchRows"/>). Prompts may differ in length:
/// a chunk is left padded to its own longest prompt rather than the batch's, which changes nothing because padding is
/// masked and positions count from each row's first token (tested bit for bit, ChunkSamplerTests). With that,
/// rollout nodes can split an iteration into chunks and the learner sees the same episodes as the one-process pipeline.
/// </summary>
public sealed class ChunkSampler(Gpt2Model model)
{
    private readonly Gpt2Sampler _sampler = new(model);

    public Gpt2Model Model { get; } = model;

    public GenerationResult Generate(IReadOnlyList<int[]> prompts, SamplingOptions options, int offset, int batchRows)
    {
        if (prompts.Count == 0 || prompts.Any(p => p.Length == 0))
        {
            throw new ArgumentException("a chunk needs at least one prompt, each of at least one token", nameof(prompts));
        }

        if (offset < 0 || offset + prompts.Count > batchRows)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"rows [{offset}, {offset + prompts.Count}) are not inside a batch of {batchRows}");
        }

        return _sampler.Generate(prompts, options with { RowOffset = offset, BatchRows = batchRows });
    }
}
