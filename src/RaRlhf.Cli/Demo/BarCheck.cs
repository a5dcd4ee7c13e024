namespace RaRlhf.Cli.Demo;

/// <summary>One criterion of the scientific bar: whether it holds (null = cannot be decided, e.g. one seed) and the numbers.</summary>
internal sealed record BarCheck(string Criterion, bool? Holds, string Detail);
