namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>One episode to score: decoded texts and the raw token ids.</summary>
public sealed record RewardInput(string PromptText, string ResponseText, int[] PromptIds, int[] ResponseIds);
