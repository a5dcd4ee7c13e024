namespace RaRlhf.Actors.Configuration;

/// <summary>Where a piece of configuration text came from: a file (or a label such as "--set #1") and a 1-based line and column.</summary>
public readonly record struct SourcePosition(string File, int Line, int Column)
{
    /// <summary>`file:line:col`, the form editors and terminals turn into links.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;

    /// <summary>`file:line`, used where the column adds nothing (typed-view errors).</summary>
    public string FileAndLine => Line > 0 ? $"{File}:{Line}" : File;
}
