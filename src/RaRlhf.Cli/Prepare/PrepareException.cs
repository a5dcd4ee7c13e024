namespace RaRlhf.Cli.Prepare;

/// <summary>A prepare run cannot go on (a stage failed, bad option, corrupt manifest): the message says what and what to do.</summary>
internal sealed class PrepareException(string message) : Exception(message);
