namespace RaRlhf.Actors.Pipeline.Messages;

/// <summary>
/// Event: iteration m was applied by the learner, producing <paramref name="PolicyVersion"/> (= m + 1). Metrics are
/// TRL's statistic names plus pipeline ones (finite values only, so the JSON journal can hold them).
/// </summary>
public sealed record IterationCompleted(int Iteration, long PolicyVersion, int KeepCount, Dictionary<string, double> Metrics);
