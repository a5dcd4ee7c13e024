namespace RaRlhf.Text.Datasets;

/// <summary>Which records of each task become prompts. Token truncation is left to the caller's tokenizer.</summary>
public static class PromptCandidates
{
    /// <summary>The paper's IMDB-Gen filter (TRL's sentiment example): reviews longer than 200 characters.</summary>
    public const int ImdbMinCharacters = 200;

    /// <summary>
    /// IMDB-Gen: reviews whose text, as loaded (see <see cref="ImdbMarkup"/>), has more than
    /// <paramref name="minCharacters"/> Unicode code points (Python's <c>len</c>).
    /// </summary>
    public static IReadOnlyList<PromptCandidate> Imdb(IEnumerable<ImdbReview> reviews, int minCharacters = ImdbMinCharacters) =>
        reviews.Where(r => CodePoints(r.Text) > minCharacters).Select(r => new PromptCandidate(r.Id, r.Text, r.Label)).ToArray();

    /// <summary>Jigsaw-Gen: every comment (both classes: the toxic ones make the tail) with non-blank text.</summary>
    public static IReadOnlyList<PromptCandidate> Jigsaw(IEnumerable<JigsawComment> comments) =>
        comments.Where(c => !string.IsNullOrWhiteSpace(c.Text)).Select(c => new PromptCandidate(c.Id, c.Text, c.Label)).ToArray();

    /// <summary>RealToxicityPrompts-Gen: every prompt, labelled toxic when its toxicity &gt; 0.5 (null when unscored).</summary>
    public static IReadOnlyList<PromptCandidate> Rtp(IEnumerable<RtpPrompt> prompts) =>
        prompts.Where(p => !string.IsNullOrWhiteSpace(p.Text)).Select(p => new PromptCandidate(p.Id, p.Text, p.Label)).ToArray();

    private static int CodePoints(string text)
    {
        var surrogatePairs = 0;
        foreach (var c in text)
        {
            surrogatePairs += char.IsHighSurrogate(c) ? 1 : 0;
        }

        return text.Length - surrogatePairs;
    }
}
