namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>How a scalar was written; decides its JSON type and whether it can be a number or boolean.</summary>
public enum HoconScalarKind
{
    /// <summary>Unquoted text: may read as a number, boolean or null.</summary>
    Unquoted,

    /// <summary>A quoted or triple-quoted string, or the result of a string concatenation.</summary>
    Quoted,

    /// <summary>Whitespace between two concatenated values; only kept when the result is a string.</summary>
    Whitespace,
}
