namespace RaRlhf.Models;

/// <summary>Which extra heads live in the model's flat parameter buffer beside the transformer and tied LM head.</summary>
[Flags]
public enum Gpt2Heads
{
    None = 0,

    /// <summary>TRL ValueHead: <c>v_head.summary.weight</c> (1, C) and <c>v_head.summary.bias</c> (1), per-token values.</summary>
    Value = 1,

    /// <summary>GPT2ForSequenceClassification: <c>score.weight</c> (num_labels, C), no bias, read at the last non-pad token.</summary>
    Score = 2,
}
