namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>The learner's answer to <see cref="QueryLearner"/>: its current policy and the last iteration it applied
/// (null before any), so the coordinator can adopt an iteration the learner finished just before a crash.</summary>
public sealed record LearnerStatus(PolicyPublished Policy, IterationCompleted? Last);
