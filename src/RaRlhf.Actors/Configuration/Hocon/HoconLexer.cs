using System.Globalization;
using System.Text;

namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// The character-level half of HOCON parsing: keys, quoted / triple-quoted / unquoted strings, whitespace and
/// comments. <see cref="HoconParser"/> builds the tree on top of it.
/// </summary>
internal sealed class HoconLexer
{
    /// <summary>Characters an unquoted string or key cannot contain (HOCON spec), besides whitespace and "//".</summary>
    public const string ForbiddenUnquoted = "$\"{}[]:=,+#`^?!@*&\\";

    private readonly HoconCursor _cursor;

    public HoconLexer(HoconCursor cursor)
    {
        _cursor = cursor;
    }

    /// <summary>A key path: unquoted or quoted segments separated by '.' (a quoted segment keeps its dots).</summary>
    public List<string> ReadKey()
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var any = false;
        while (true)
        {
            var c = _cursor.Peek();
            if (c == '"' && !_cursor.StartsWith("\"\"\""))
            {
                current.Append(ReadQuoted());
                any = true;
            }
            else if (c == '.')
            {
                if (!any)
                {
                    throw _cursor.Error("a key segment before '.'");
                }

                _cursor.Next();
                segments.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else if (!_cursor.AtEnd && IsUnquotedChar(c) && !_cursor.StartsWith("//"))
            {
                current.Append(_cursor.Next());
                any = true;
            }
            else
            {
                break;
            }
        }

        if (!any)
        {
            throw _cursor.Error(segments.Count == 0 ? "a key" : "a key segment after '.'");
        }

        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>Unquoted text up to whitespace, a forbidden character or "//"; empty when none.</summary>
    public string ReadUnquoted()
    {
        var sb = new StringBuilder();
        while (!_cursor.AtEnd && !_cursor.StartsWith("//") && (IsUnquotedChar(_cursor.Peek()) || IsExponentSign(sb, _cursor.Peek())))
        {
            sb.Append(_cursor.Next());
        }

        return sb.ToString();
    }

    /// <summary>'+' is forbidden in unquoted text, except as the exponent sign of a JSON number (1e+5).</summary>
    private static bool IsExponentSign(StringBuilder sb, char c) =>
        c == '+' && sb.Length >= 2 && sb[^1] is 'e' or 'E' && char.IsDigit(sb[^2]) &&
        sb.ToString(0, sb.Length - 1).All(ch => char.IsDigit(ch) || ch is '.' or '-');

    /// <summary>A "..." string with JSON escapes, on one line.</summary>
    public string ReadQuoted()
    {
        var open = _cursor.Position;
        _cursor.Next();
        var sb = new StringBuilder();
        while (true)
        {
            if (_cursor.AtEnd || _cursor.Peek() == '\n')
            {
                throw _cursor.Error($"'\"' to close the string opened at {open}");
            }

            var escapeAt = _cursor.Position;
            var c = _cursor.Next();
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            var e = _cursor.AtEnd ? '\0' : _cursor.Next();
            sb.Append(e switch
            {
                '"' => "\"", '\\' => "\\", '/' => "/", 'b' => "\b", 'f' => "\f", 'n' => "\n", 'r' => "\r", 't' => "\t",
                'u' => ReadUnicodeEscape(escapeAt),
                _ => throw new HoconException(escapeAt, $"expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) but found '\\{e}'"),
            });
        }
    }

    private string ReadUnicodeEscape(SourcePosition at)
    {
        var hex = new string(Enumerable.Range(0, 4).Select(i => _cursor.Peek(i)).ToArray());
        if (!int.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
        {
            throw new HoconException(at, $"expected four hex digits after \\u but found '{hex}'");
        }

        _cursor.Skip(4);
        return ((char)code).ToString();
    }

    /// <summary>A """...""" string: raw, may span lines; extra quotes before the closing three belong to the text.</summary>
    public string ReadTripleQuoted()
    {
        var open = _cursor.Position;
        _cursor.Skip(3);
        var sb = new StringBuilder();
        while (!_cursor.StartsWith("\"\"\"") || _cursor.Peek(3) == '"')
        {
            if (_cursor.AtEnd)
            {
                throw _cursor.Error($"'\"\"\"' to close the string opened at {open}");
            }

            sb.Append(_cursor.Next());
        }

        _cursor.Skip(3);
        return sb.ToString();
    }

    /// <summary>Does another value start here (continuing a concatenation)?</summary>
    public bool StartsSimpleValue()
    {
        if (_cursor.AtEnd || _cursor.StartsWith("//"))
        {
            return false;
        }

        var c = _cursor.Peek();
        return c is '{' or '[' or '"' || c == '$' && _cursor.Peek(1) == '{' || IsUnquotedChar(c);
    }

    public static bool IsUnquotedChar(char c) => c != '\0' && !char.IsWhiteSpace(c) && !ForbiddenUnquoted.Contains(c);

    /// <summary>Spaces and tabs (not new lines); returns them, since whitespace inside a string concatenation counts.</summary>
    public string SkipInlineSpace()
    {
        var sb = new StringBuilder();
        while (!_cursor.AtEnd && _cursor.Peek() != '\n' && char.IsWhiteSpace(_cursor.Peek()))
        {
            sb.Append(_cursor.Next());
        }

        return sb.ToString();
    }

    /// <summary>Spaces, then a # or // comment to the end of the line.</summary>
    public void SkipInlineSpaceAndComment()
    {
        SkipInlineSpace();
        if (_cursor.Peek() == '#' || _cursor.StartsWith("//"))
        {
            while (!_cursor.AtEnd && _cursor.Peek() != '\n')
            {
                _cursor.Next();
            }
        }
    }

    /// <summary>Whitespace, new lines and comments (and commas between fields).</summary>
    public void SkipBlank(bool commas = false)
    {
        while (!_cursor.AtEnd)
        {
            SkipInlineSpaceAndComment();
            if (_cursor.Peek() == '\n' || commas && _cursor.Peek() == ',')
            {
                _cursor.Next();
                continue;
            }

            return;
        }
    }
}
