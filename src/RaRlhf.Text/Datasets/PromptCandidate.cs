namespace RaRlhf.Text.Datasets;

/// <summary>
/// A prompt before tokenisation (the task truncates it to its first 64 / 8 / 32 tokens). <paramref name="Label"/>
/// is the source's class when known: IMDB 1 = positive review, Jigsaw 1 = toxic comment, RTP 1 = toxic prompt
/// (toxicity &gt; 0.5) and null for unscored RTP prompts and external prompt files.
/// </summary>
public sealed record PromptCandidate(string Id, string Text, int? Label);
