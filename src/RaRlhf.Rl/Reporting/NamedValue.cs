namespace RaRlhf.Rl.Reporting;

/// <summary>A value labelled by a method or run name; lists of these keep the order in which methods were given.</summary>
public sealed record NamedValue<T>(string Name, T Value);
