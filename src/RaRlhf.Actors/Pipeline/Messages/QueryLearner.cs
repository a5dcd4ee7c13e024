namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>Asks the PpoLearner for its <see cref="LearnerStatus"/>.</summary>
public sealed record QueryLearner;
