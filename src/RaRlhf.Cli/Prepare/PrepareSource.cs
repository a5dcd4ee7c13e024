namespace RaRlhf.Cli.Prepare;

/// <summary>Where a recipe's text comes from.</summary>
internal enum PrepareSource
{
    /// <summary>IMDB: tokenizer on imdb_train + imdb_unsup, `--task imdb` for pretraining, SFT (positives) and the reward model.</summary>
    Imdb,

    /// <summary>
    /// Toxicity (Jigsaw / RTP): a derived corpus (IMDB sample + Jigsaw + RTP text, train sides only) for the tokenizer and
    /// pretraining, non-toxic Jigsaw comments for SFT, `--task jigsaw` for the toxicity reward model.
    /// </summary>
    Toxicity,
}
