namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>A string, number, boolean or null, kept as the text that was written (typed getters convert it).</summary>
public sealed class HoconScalar : HoconValue
{
    public HoconScalar(string text, HoconScalarKind scalarKind, SourcePosition origin)
        : base(origin)
    {
        Text = text;
        ScalarKind = scalarKind;
    }

    /// <summary>The text after unescaping.</summary>
    public string Text { get; }

    public HoconScalarKind ScalarKind { get; }

    /// <summary>An unquoted <c>null</c>.</summary>
    public bool IsNull => ScalarKind == HoconScalarKind.Unquoted && Text == "null";

    public override string Kind => IsNull ? "null" : ScalarKind == HoconScalarKind.Quoted ? "string" : "value";
}
