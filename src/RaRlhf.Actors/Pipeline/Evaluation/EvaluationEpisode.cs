namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>
/// One evaluated prompt: <paramref name="PromptScore"/> is the reward model's score of the prompt alone (the prompt
/// text as the whole episode), <paramref name="CompletionReward"/> the score of prompt + completion, exactly as in
/// training. <paramref name="CompletionIds"/> are the generated tokens (cut after the first EOS, which is kept).
/// </summary>
public sealed record EvaluationEpisode(
    string PromptId,
    string PromptText,
    int[] CompletionIds,
    string CompletionText,
    double PromptScore,
    double CompletionReward);
