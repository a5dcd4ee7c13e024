namespace RaRlhf.Text.Bpe;

/// <summary>Finds the next added token in a text: the earliest occurrence, the longest one at that position.</summary>
internal sealed class AddedTokenMatcher
{
    private readonly AddedToken[] _tokens;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _tokens = tokens.Where(t => t.Content.Length > 0).OrderByDescending(t => t.Content.Length).ToArray();
    }

    public bool IsEmpty => _tokens.Length == 0;

    /// <summary>Splits <paramref name="text"/> into (ordinary text, token) segments; token is null for the tail.</summary>
    public IEnumerable<(int Start, int Length, AddedToken? Token)> Segments(string text, bool includeSpecial)
    {
        var candidates = _tokens.Where(t => includeSpecial || !t.Special).ToArray();
        var nextAt = new int[candidates.Length];
        Array.Fill(nextAt, -2); // -2: not searched yet, -1: no further occurrence
        var position = 0;
        while (position < text.Length)
        {
            var bestAt = -1;
            AddedToken? best = null;
            for (var k = 0; k < candidates.Length; k++)
            {
                if (nextAt[k] == -2 || (nextAt[k] >= 0 && nextAt[k] < position))
                {
                    nextAt[k] = text.IndexOf(candidates[k].Content, position, StringComparison.Ordinal);
                }

                // Candidates are longest first, so a strict '<' keeps the longest at equal positions.
                if (nextAt[k] >= 0 && (bestAt < 0 || nextAt[k] < bestAt))
                {
                    bestAt = nextAt[k];
                    best = candidates[k];
                }
            }

            if (best is null)
            {
                break;
            }

            yield return (position, bestAt - position, best);
            position = bestAt + best.Content.Length;
        }

        yield return (position, text.Length - position, null);
    }
}
