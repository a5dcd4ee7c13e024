namespace RaRlhf.Rl.Training;

/// <summary>
/// One PPO batch as the learner receives it: per episode the query (prompt) ids, the response ids actually generated
/// (already cut after EOS, at least one token) and the reward-model score. Lengths may differ between episodes.
/// </summary>
public sealed record PpoEpisodes(IReadOnlyList<int[]> Queries, IReadOnlyList<int[]> Responses, float[] Scores)
{
    public int Count => Scores.Length;

    /// <summary>Longest response: the column count T_resp of every per-token matrix of the step.</summary>
    public int MaxResponseLength => Responses.Max(r => r.Length);

    /// <summary>
    /// From fixed-width responses (B, G) row-major with a response mask (1 = generated token, a prefix of each row,
    /// as <c>GenerationResult.ResponseMask</c>): each response is cut to its masked prefix.
    /// </summary>
    public static PpoEpisodes FromPadded(IReadOnlyList<int[]> queries, ReadOnlySpan<int> responses, ReadOnlySpan<float> responseMask, int g, float[] scores)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (responses.Length != queries.Count * g || responseMask.Length != responses.Length)
        {
            throw new ArgumentException($"responses ({responses.Length}) and mask ({responseMask.Length}) must both be B·G = {queries.Count}·{g}");
        }

        var cut = new int[queries.Count][];
        for (var b = 0; b < queries.Count; b++)
        {
            var row = responseMask.Slice(b * g, g);
            var length = row.IndexOf(0f) is var z and >= 0 ? z : g;
            if (row[length..].ContainsAnyExcept(0f))
            {
                throw new ArgumentException($"response mask of episode {b} is not a prefix of ones (a 1 after a 0); masks must mark the generated prefix");
            }

            cut[b] = responses.Slice(b * g, length).ToArray();
        }

        return new PpoEpisodes(queries, cut, scores);
    }

    /// <summary>Throws naming the episode when a query or response is empty, a token is outside the vocabulary, or counts differ.</summary>
    public void Validate(int vocabSize, int maxPositions)
    {
        ArgumentNullException.ThrowIfNull(Queries);
        ArgumentNullException.ThrowIfNull(Responses);
        ArgumentNullException.ThrowIfNull(Scores);
        if (Queries.Count != Count || Responses.Count != Count)
        {
            throw new ArgumentException($"{Queries.Count} queries, {Responses.Count} responses and {Count} scores: one of each per episode");
        }

        for (var b = 0; b < Count; b++)
        {
            if (Queries[b].Length == 0 || Responses[b].Length == 0)
            {
                throw new ArgumentException($"episode {b} has an empty {(Queries[b].Length == 0 ? "query" : "response")}; each needs ≥ 1 token");
            }

            if (Queries[b].Length + Responses[b].Length > maxPositions)
            {
                throw new ArgumentException($"episode {b} has {Queries[b].Length + Responses[b].Length} tokens, more than n_positions = {maxPositions}");
            }

            foreach (var id in Queries[b].Concat(Responses[b]))
            {
                if ((uint)id >= (uint)vocabSize)
                {
                    throw new ArgumentException($"episode {b} holds token id {id}, outside the vocabulary [0, {vocabSize})");
                }
            }

            if (!float.IsFinite(Scores[b]))
            {
                throw new ArgumentException($"episode {b} has a non-finite score {Scores[b]}");
            }
        }
    }
}
