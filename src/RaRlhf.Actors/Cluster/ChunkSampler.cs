using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using RaRlhf.Tensors;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// Generates rows [offset, offset + n) of a batch of <c>batchRows</c> prompts exactly as <see cref="Gpt2Sampler"/>
/// generates them in the whole batch: its random stream is splitmix64(seed, step · B + row), so a chunk draws
/// u(step · batchRows + offset + i) instead of u(step · n + i). Prompts of a batch must share one length (left padding
/// depends on the longest prompt of the whole batch). With that, rollout nodes can split an iteration into chunks and
/// the learner sees the same episodes as the one-process pipeline.
/// </summary>
public sealed class ChunkSampler(Gpt2Model model)
{
    private readonly Gpt2Decoder _decoder = new(model);

    public Gpt2Model Model { get; } = model;

    public GenerationResult Generate(IReadOnlyList<int[]> prompts, SamplingOptions options, int offset, int batchRows)
    {
        if (prompts.Count == 0 || prompts.Any(p => p.Length != prompts[0].Length) || prompts[0].Length == 0)
        {
            throw new ArgumentException("a chunk needs at least one prompt, all of one non-zero length", nameof(prompts));
        }

        if (offset < 0 || offset + prompts.Count > batchRows)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"rows [{offset}, {offset + prompts.Count}) are not inside a batch of {batchRows}");
        }

        if (options.StopAtEos && options.EosTokenId is null)
        {
            throw new ArgumentException("StopAtEos needs EosTokenId", nameof(options));
        }

        int b = prompts.Count, tp = prompts[0].Length, g = options.MaxNewTokens, total = tp + g, v = Model.Config.VocabSize;
        var tokens = new int[b * total];
        var mask = new float[b * total];
        for (var bi = 0; bi < b; bi++)
        {
            prompts[bi].CopyTo(tokens, bi * total);
            mask.AsSpan(bi * total, tp).Fill(1f);
        }

        var response = new int[b * g];
        var responseMask = new float[b * g];
        var logProbs = new float[b * g];
        var done = new bool[b];
        var logits = new float[b * v];
        var cache = new KvCache(Model.Config, b, total);
        for (var step = 0; step < g; step++)
        {
            var t = tp + step;
            var start = step == 0 ? 0 : t - 1;
            var chunk = new int[b * (t - start)]; // (B, Tn): the prompt on step 0, then the last sampled token
            for (var bi = 0; bi < b; bi++)
            {
                tokens.AsSpan(bi * total + start, t - start).CopyTo(chunk.AsSpan(bi * (t - start)));
            }

            _decoder.Forward(cache, chunk, mask, t - start, logits); // logits (B, V)
            for (var bi = 0; bi < b; bi++)
            {
                var token = options.PadTokenId;
                if (!done[bi])
                {
                    var row = logits.AsSpan(bi * v, v);
                    var u = SplitMix64.Uniform(options.Seed, (ulong)step * (ulong)batchRows + (ulong)(offset + bi));
                    token = TokenSampler.Sample(row, options, u);
                    logProbs[bi * g + step] = TokenSampler.LogSoftmaxAt(row, token);
                    responseMask[bi * g + step] = 1f;
                    mask[bi * total + t] = 1f;
                    done[bi] = options.StopAtEos && token == options.EosTokenId;
                }

                tokens[bi * total + t] = token;
                response[bi * g + step] = token;
            }
        }

        return new GenerationResult(b, tp, g, tokens, mask, response, responseMask, logProbs);
    }
}
