namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// One prompt to evaluate: its id (the same for every method), its token ids after truncation and their decoded
/// text. This is what is scored and recorded; a method's prompt prefix is prepended for generation only.
/// </summary>
public sealed record EvaluationPrompt(string Id, int[] PromptIds, string Text);
