namespace RaRlhf.Text;

/// <summary>
/// A token matched in the raw text before pre-tokenization (Hugging Face <c>added_tokens</c>). Special tokens such
/// as <c>&lt;|endoftext|&gt;</c> are matched only when the caller allows it; non-special added tokens always are.
/// </summary>
public sealed record AddedToken(int Id, string Content, bool Special);
