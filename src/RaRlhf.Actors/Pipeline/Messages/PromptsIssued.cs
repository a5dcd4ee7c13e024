namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>PromptSampler event: iteration m got the <paramref name="Count"/> prompts at <paramref name="Start"/> of
/// epoch <paramref name="Epoch"/>'s shuffled order.</summary>
public sealed record PromptsIssued(int Iteration, int Epoch, int Start, int Count);
