namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// <c>${a.b}</c> or <c>${?a.b}</c>: looked up in the whole merged tree, then in the environment. A reference to the
/// very key being assigned (<c>path = ${path}":x"</c>, <c>+=</c>) points at that key's previous value instead.
/// </summary>
public sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(IReadOnlyList<string> path, string environmentName, bool optional, SourcePosition origin)
        : base(origin)
    {
        Path = path;
        EnvironmentName = environmentName;
        Optional = optional;
    }

    /// <summary>The path looked up from the root.</summary>
    public IReadOnlyList<string> Path { get; }

    /// <summary>The path as written (before an include's prefix), the environment variable tried when the path is absent.</summary>
    public string EnvironmentName { get; }

    /// <summary><c>${?...}</c>: when nothing is found the value is undefined instead of an error.</summary>
    public bool Optional { get; }

    /// <summary>Set when this substitution refers to the key it is assigned to: it then reads that key's previous value.</summary>
    public HoconOverride? SelfReferenceOf { get; set; }

    public override string Kind => "substitution";

    public override bool IsUnresolved => true;

    public override string ToString() => $"${{{(Optional ? "?" : "")}{EnvironmentName}}}";
}
