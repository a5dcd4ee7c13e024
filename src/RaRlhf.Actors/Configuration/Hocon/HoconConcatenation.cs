namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// Values written side by side on one line (<c>${base}"/runs"</c>, <c>${?list} [x]</c>) that include a substitution,
/// so they can only be joined after resolution. Literal-only concatenations are joined by the parser.
/// </summary>
public sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(IReadOnlyList<HoconValue> parts, SourcePosition origin)
        : base(origin)
    {
        Parts = parts;
    }

    public IReadOnlyList<HoconValue> Parts { get; }

    public override string Kind => "concatenation";

    public override bool IsUnresolved => true;

    /// <summary>
    /// Joins resolved parts (nulls are undefined optional substitutions and drop out): objects merge, arrays append,
    /// anything else becomes one string with the whitespace between parts kept.
    /// </summary>
    public static HoconValue? Join(IReadOnlyList<HoconValue?> resolvedParts, SourcePosition origin)
    {
        var parts = resolvedParts.Where(p => p is not null).Select(p => p!).ToList();
        while (parts.Count > 0 && IsWhitespace(parts[0]))
        {
            parts.RemoveAt(0);
        }

        while (parts.Count > 0 && IsWhitespace(parts[^1]))
        {
            parts.RemoveAt(parts.Count - 1);
        }

        if (parts.Count == 0)
        {
            return null;
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var solid = parts.Where(p => !IsWhitespace(p)).ToList();
        if (solid.All(p => p is HoconObject))
        {
            return solid.Cast<HoconObject>().Aggregate(HoconObject.Merge);
        }

        if (solid.All(p => p is HoconArray))
        {
            return new HoconArray(solid.SelectMany(p => ((HoconArray)p).Items).ToList(), origin);
        }

        var structured = solid.FirstOrDefault(p => p is HoconObject or HoconArray);
        if (structured is not null)
        {
            var other = solid.First(p => p is not HoconObject and not HoconArray || p.GetType() != structured.GetType());
            throw new HoconException(origin,
                $"cannot concatenate {structured.Kind} (at {structured.Origin}) with {other.Kind} (at {other.Origin}); " +
                "objects join only with objects and arrays only with arrays");
        }

        return new HoconScalar(string.Concat(parts.Select(p => ((HoconScalar)p).Text)), HoconScalarKind.Quoted, origin);
    }

    private static bool IsWhitespace(HoconValue value) =>
        value is HoconScalar { ScalarKind: HoconScalarKind.Whitespace };
}
