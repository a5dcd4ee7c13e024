namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Command to the PromptSampler: the prompts of iteration m. Asking again for the last m returns the same
/// batch (at-least-once delivery after a crash must not advance the cursor twice).</summary>
public sealed record NextPrompts(int Iteration, int Count);
