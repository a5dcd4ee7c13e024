using RaRlhf.Models;
using RaRlhf.Rl;

namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// Per-token negative log-likelihoods of texts under a causal LM, for perplexity. Every text is scored on tokens
/// 1…L−1, token j predicted from context + text[0..j); the context (a method's prompt prefix, usually empty) only
/// conditions and is never scored, so every method is scored on exactly the same tokens. One batched forward pass,
/// rows right padded (padding is masked and comes after every scored position, so it cannot change them).
/// </summary>
public static class TokenNll
{
    public static float[][] Compute(Gpt2Model model, IReadOnlyList<int[]> texts, ReadOnlySpan<int> context, int padTokenId = 0)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return [];
        }

        if (texts.Any(x => x.Length < 2))
        {
            throw new ArgumentException("every perplexity text needs at least 2 tokens (the first is never scored)", nameof(texts));
        }

        int b = texts.Count, p = context.Length, t = p + texts.Max(x => x.Length), v = model.Config.VocabSize;
        var ids = new int[b * t]; // (B, T)
        var mask = new float[b * t];
        ids.AsSpan().Fill(padTokenId);
        for (var i = 0; i < b; i++)
        {
            context.CopyTo(ids.AsSpan(i * t));
            texts[i].CopyTo(ids, i * t + p);
            mask.AsSpan(i * t, p + texts[i].Length).Fill(1f);
        }

        model.Forward(ids, mask, b, t);
        var logits = model.Logits.Span; // (B, T, V)
        var nlls = new float[b][];
        for (var i = 0; i < b; i++)
        {
            var text = texts[i];
            nlls[i] = new float[text.Length - 1];
            for (var j = 1; j < text.Length; j++)
            {
                var row = logits.Slice((i * t + p + j - 1) * v, v);
                nlls[i][j - 1] = (float)(LogitMath.LogSumExp(row) - row[text[j]]);
            }
        }

        return nlls;
    }
}
