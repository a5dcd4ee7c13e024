namespace RaRlhf.Text.Training;

/// <summary>What to train.</summary>
/// <param name="VocabSize">Total ids: 256 byte tokens + merges + special tokens. Training stops earlier when no
/// pair reaches <paramref name="MinFrequency"/>.</param>
/// <param name="MinFrequency">A pair must occur at least this often (weighted by word frequency) to be merged.</param>
/// <param name="SpecialTokens">Added at the end of the vocabulary in this order (GPT-2 keeps its end-of-text last).</param>
/// <param name="Threads">Pre-tokenization threads; 0 means one per core.</param>
public sealed record BpeTrainingSettings(
    int VocabSize,
    int MinFrequency = 2,
    IReadOnlyList<string>? SpecialTokens = null,
    int Threads = 0)
{
    /// <summary>The special tokens, <c>&lt;|endoftext|&gt;</c> when none were given.</summary>
    public IReadOnlyList<string> Specials => SpecialTokens ?? [ByteLevelBpeTokenizer.EndOfText];

    internal void Validate()
    {
        var minimum = 256 + Specials.Count;
        if (VocabSize < minimum)
        {
            throw new ArgumentException($"vocab size {VocabSize} is below 256 byte tokens + {Specials.Count} special tokens");
        }

        if (MinFrequency < 1)
        {
            throw new ArgumentException($"min frequency must be at least 1 (got {MinFrequency})");
        }

        if (Specials.Any(string.IsNullOrEmpty) || Specials.Distinct().Count() != Specials.Count)
        {
            throw new ArgumentException("special tokens must be non-empty and distinct");
        }
    }
}
