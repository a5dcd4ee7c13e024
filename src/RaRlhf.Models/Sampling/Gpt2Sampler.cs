using RaRlhf.Tensors;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Kernels.Threading;

namespace RaRlhf.Models.Sampling;

/// <summary>
/// Batched sampling from a GPT-2: prompts of different lengths are left padded (mask 0), prefilled in one chunk, then
/// decoded one token per step with a preallocated <see cref="KvCache"/>. Randomness is counter-based (splitmix64 of
/// seed, step, row), so results depend only on the seed, not on threading or batch timing.
/// </summary>
public sealed class Gpt2Sampler(Gpt2Model model)
{
    private readonly Gpt2Decoder _decoder = new(model);

    public Gpt2Model Model { get; } = model;

    /// <summary>When set, decode time per phase is added to it (benchmarks).</summary>
    public DecodeProfile? Profile
    {
        get => _decoder.Profile;
        set => _decoder.Profile = value;
    }

    public GenerationResult Generate(IReadOnlyList<int[]> prompts, SamplingOptions options)
    {
        if (prompts.Count == 0 || prompts.Any(p => p.Length == 0))
        {
            throw new ArgumentException("need at least one prompt and every prompt needs at least one token", nameof(prompts));
        }

        int rows = options.BatchRows ?? prompts.Count;
        if (options.RowOffset < 0 || options.RowOffset + prompts.Count > rows)
        {
            throw new ArgumentException($"rows [{options.RowOffset}, {options.RowOffset + prompts.Count}) are not inside a batch of {rows}", nameof(options));
        }

        if (options.StopAtEos && options.EosTokenId is null)
        {
            throw new ArgumentException("StopAtEos needs EosTokenId", nameof(options));
        }

        int b = prompts.Count, tp = prompts.Max(p => p.Length), g = options.MaxNewTokens, total = tp + g, v = Model.Config.VocabSize;
        var tokens = new int[b * total];
        var mask = new float[b * total];
        for (var bi = 0; bi < b; bi++)
        {
            var pad = tp - prompts[bi].Length;
            tokens.AsSpan(bi * total, tp).Fill(options.PadTokenId);
            prompts[bi].CopyTo(tokens, bi * total + pad);
            mask.AsSpan(bi * total + pad, prompts[bi].Length).Fill(1f);
        }

        var response = new int[b * g];
        var responseMask = new float[b * g];
        var logProbs = new float[b * g];
        var done = new bool[b];
        var logits = new float[b * v];
        var cache = options.UseKvCache ? new KvCache(Model.Config, b, total) : null;
        if (cache is not null)
        {
            var prepareStart = Profile?.Start() ?? 0;
            if (Profile is { } p) p.InPrefill = true;
            _decoder.Prepare();
            Profile?.Stop(DecodePhase.PackWeights, prepareStart);
        }
        var parts = Math.Min(b, 2 * Gemm.Threads); // rows are independent; each part has its own scratch
        var scratches = Enumerable.Range(0, parts).Select(_ => new float[FusedTokenSampler.ScratchLength(v)]).ToArray();
        for (var step = 0; step < g; step++)
        {
            var t = tp + step;
            if (Profile is { } profile) profile.InPrefill = step == 0;
            NextLogits(cache, tokens, mask, b, total, t, step, logits);
            var sampleStart = Profile?.Start() ?? 0;
            var currentStep = step;
            KernelParallel.For(parts, part =>
            {
                var scratch = scratches[part];
                for (var bi = part * b / parts; bi < (part + 1) * b / parts; bi++)
                {
                    int token;
                    if (done[bi])
                    {
                        token = options.PadTokenId;
                    }
                    else
                    {
                        var u = SplitMix64.Uniform(options.Seed, (ulong)currentStep * (ulong)rows + (ulong)(options.RowOffset + bi));
                        token = FusedTokenSampler.Sample(logits.AsSpan(bi * v, v), options, u, scratch, out logProbs[bi * g + currentStep]);
                        responseMask[bi * g + currentStep] = 1f;
                        mask[bi * total + t] = 1f;
                        done[bi] = options.StopAtEos && token == options.EosTokenId;
                    }

                    tokens[bi * total + t] = token;
                    response[bi * g + currentStep] = token;
                }
            });

            Profile?.Stop(DecodePhase.Sampling, sampleStart);
        }

        return new GenerationResult(b, tp, g, tokens, mask, response, responseMask, logProbs);
    }

    /// <summary>Logits (B, V) for position t given tokens [0, t): prefill on step 0, then one token per step.</summary>
    private void NextLogits(KvCache? cache, int[] tokens, float[] mask, int b, int total, int t, int step, float[] logits)
    {
        var v = Model.Config.VocabSize;
        if (cache is null)
        {
            var ids = new int[b * t];
            var m = new float[b * t];
            for (var bi = 0; bi < b; bi++)
            {
                tokens.AsSpan(bi * total, t).CopyTo(ids.AsSpan(bi * t));
                mask.AsSpan(bi * total, t).CopyTo(m.AsSpan(bi * t));
            }

            Model.Forward(ids, m, b, t);
            for (var bi = 0; bi < b; bi++)
            {
                Model.Logits.Span.Slice((bi * t + t - 1) * v, v).CopyTo(logits.AsSpan(bi * v, v));
            }

            return;
        }

        var start = step == 0 ? 0 : t - 1;
        var chunk = new int[b * (t - start)];
        for (var bi = 0; bi < b; bi++)
        {
            tokens.AsSpan(bi * total + start, t - start).CopyTo(chunk.AsSpan(bi * (t - start)));
        }

        _decoder.Forward(cache, chunk, mask, t - start, logits);
    }
}
