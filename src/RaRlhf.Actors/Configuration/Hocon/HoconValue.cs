namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// A node of a HOCON tree. After parsing a tree may hold unresolved nodes (substitutions, concatenations,
/// overrides); after <see cref="HoconResolver"/> only objects, arrays and scalars remain.
/// </summary>
public abstract class HoconValue
{
    protected HoconValue(SourcePosition origin)
    {
        Origin = origin;
    }

    /// <summary>Where the value was written.</summary>
    public SourcePosition Origin { get; }

    /// <summary>A short name for error messages ("object", "array", "string", ...).</summary>
    public abstract string Kind { get; }

    /// <summary>True for substitutions and the nodes that contain one at their top level.</summary>
    public virtual bool IsUnresolved => false;
}
