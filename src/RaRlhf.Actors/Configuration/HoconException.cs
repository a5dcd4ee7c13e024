namespace RaRlhf.Actors.Configuration;

/// <summary>A syntax or resolution error in HOCON text; the message starts with file:line:col and says what was expected.</summary>
public sealed class HoconException : Exception
{
    public HoconException(SourcePosition position, string message)
        : base($"{position}: {message}")
    {
        Position = position;
    }

    /// <summary>Where the problem is.</summary>
    public SourcePosition Position { get; }
}
