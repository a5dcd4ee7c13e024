using RaRlhf.Models.Heads;

namespace RaRlhf.Rl.Training;

/// <summary>
/// Some episodes of a <see cref="PpoEpisodes"/> packed as query + response, right padded to T = the longest (as TRL's
/// data collator), plus the TRL alignment between model outputs and response columns: response token t of row b sits
/// at absolute position q_b + t, so its log-prob is logits[q_b + t − 1] gathered at it (TRL
/// <c>logprobs_from_logits(logits[:, :-1], ids[:, 1:])</c>) and its value is values[q_b + t − 1] (TRL <c>values[:, :-1]</c>).
/// Response matrices are (rows, T_resp) with T_resp the batch's longest response; columns past a response are 0.
/// </summary>
public sealed class PackedEpisodes
{
    private readonly int[] _queryLengths;
    private readonly int[] _responseLengths;

    public PackedEpisodes(PpoEpisodes episodes, ReadOnlySpan<int> rows, int responseColumns)
    {
        Rows = rows.Length;
        ResponseColumns = responseColumns;
        _queryLengths = new int[Rows];
        _responseLengths = new int[Rows];
        for (var i = 0; i < Rows; i++)
        {
            _queryLengths[i] = episodes.Queries[rows[i]].Length;
            _responseLengths[i] = episodes.Responses[rows[i]].Length;
            T = Math.Max(T, _queryLengths[i] + _responseLengths[i]);
        }

        Ids = new int[Rows * T];
        Mask = new float[Rows * T];
        for (var i = 0; i < Rows; i++)
        {
            var q = episodes.Queries[rows[i]];
            var r = episodes.Responses[rows[i]];
            q.CopyTo(Ids, i * T);
            r.CopyTo(Ids, i * T + q.Length);
            Mask.AsSpan(i * T, q.Length + r.Length).Fill(1f);
        }
    }

    public int Rows { get; }

    /// <summary>Padded sequence length (longest query + response among these rows).</summary>
    public int T { get; }

    public int ResponseColumns { get; }

    /// <summary>(Rows, T) ids, padding id 0 (masked out, never attended to, never scored).</summary>
    public int[] Ids { get; }

    /// <summary>(Rows, T) attention mask.</summary>
    public float[] Mask { get; }

    /// <summary>(Rows, T_resp) 1 on response tokens.</summary>
    public TokenMatrix ResponseMask()
    {
        var m = new TokenMatrix(Rows, ResponseColumns);
        for (var i = 0; i < Rows; i++)
        {
            m.Row(i)[.._responseLengths[i]].Fill(1f);
        }

        return m;
    }

    /// <summary>Response-aligned copies of a model output: source is (Rows, T − 1) for log-probs and entropies
    /// (<paramref name="stride"/> = T − 1) or (Rows, T) for values (stride T).</summary>
    public TokenMatrix Gather(ReadOnlySpan<float> source, int stride)
    {
        var m = new TokenMatrix(Rows, ResponseColumns);
        for (var i = 0; i < Rows; i++)
        {
            source.Slice(i * stride + _queryLengths[i] - 1, _responseLengths[i]).CopyTo(m.Row(i));
        }

        return m;
    }

    /// <summary>The inverse of <see cref="Gather"/> for gradients: (Rows, T_resp) → zeros elsewhere, (Rows, stride).</summary>
    public float[] Scatter(TokenMatrix gradient, int stride)
    {
        var g = new float[Rows * stride];
        for (var i = 0; i < Rows; i++)
        {
            gradient.Row(i)[.._responseLengths[i]].CopyTo(g.AsSpan(i * stride + _queryLengths[i] - 1));
        }

        return g;
    }

    /// <summary>Log-probs, values (empty without a value head) and entropies of one forward, response aligned.</summary>
    public (TokenMatrix LogProbs, TokenMatrix? Values, TokenMatrix Entropy) Align(PolicyOutputs outputs)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var values = outputs.Values.Length == 0 ? null : Gather(outputs.Values, T);
        return (Gather(outputs.LogProbs, T - 1), values, Gather(outputs.Entropy, T - 1));
    }
}
