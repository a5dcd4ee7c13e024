namespace RaRlhf.Rl.Reporting;

/// <summary>One line of eval/&lt;method&gt;.jsonl: a prompt's own reward score and the reward of the method's completion for it.</summary>
public sealed record PromptEvaluation(string PromptId, double PromptScore, double CompletionReward);
