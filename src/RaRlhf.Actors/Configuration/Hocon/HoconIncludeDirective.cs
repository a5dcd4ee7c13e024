namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// <c>include "f"</c>, <c>include file("f")</c>, <c>include required("f")</c> or <c>include required(file("f"))</c>.
/// A key that merely starts with "include" (<c>include = 1</c>, <c>included = 2</c>) is not a directive.
/// </summary>
internal sealed record HoconIncludeDirective(string Name, bool Required, SourcePosition Position)
{
    private const string Keyword = "include";

    /// <summary>Reads a directive at the cursor, or returns null (consuming nothing) when there is none.</summary>
    public static HoconIncludeDirective? TryRead(HoconCursor cursor, HoconLexer lexer)
    {
        if (!IsDirective(cursor))
        {
            return null;
        }

        var position = cursor.Position;
        cursor.Skip(Keyword.Length);
        lexer.SkipInlineSpace();
        var required = Open(cursor, lexer, "required(");
        var closers = (required ? 1 : 0) + (Open(cursor, lexer, "file(") ? 1 : 0);
        if (cursor.Peek() != '"')
        {
            throw cursor.Error("a quoted file name after 'include'");
        }

        var name = lexer.ReadQuoted();
        for (var i = 0; i < closers; i++)
        {
            lexer.SkipInlineSpace();
            if (cursor.Peek() != ')')
            {
                throw cursor.Error("')' to close the include");
            }

            cursor.Next();
        }

        return new HoconIncludeDirective(name, required, position);
    }

    private static bool Open(HoconCursor cursor, HoconLexer lexer, string wrapper)
    {
        if (!cursor.StartsWith(wrapper))
        {
            return false;
        }

        cursor.Skip(wrapper.Length);
        lexer.SkipInlineSpace();
        return true;
    }

    private static bool IsDirective(HoconCursor cursor)
    {
        if (!cursor.StartsWith(Keyword))
        {
            return false;
        }

        var offset = Keyword.Length;
        while (cursor.Peek(offset) is ' ' or '\t')
        {
            offset++;
        }

        return offset > Keyword.Length && cursor.Peek(offset) == '"'
            || cursor.StartsWith("required(", offset) || cursor.StartsWith("file(", offset);
    }
}
