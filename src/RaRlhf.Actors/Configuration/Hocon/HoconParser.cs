using System.Globalization;
using System.Text;

namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// Recursive-descent HOCON parser for the subset Akka users write. Fields are assigned straight into the target
/// object so that later definitions merge into (objects) or replace (everything else) earlier ones, includes and
/// <c>--set</c> overrides included. Substitutions stay unresolved until <see cref="HoconResolver"/> runs.
/// </summary>
internal sealed class HoconParser
{
    private const string ForbiddenUnquoted = "$\"{}[]:=,+#`^?!@*&\\";
    private readonly HoconCursor _cursor;
    private readonly HoconIncluder _includer;

    public HoconParser(HoconCursor cursor, HoconIncluder includer)
    {
        _cursor = cursor;
        _includer = includer;
    }

    /// <summary>Parses a whole document (braced or not) into <paramref name="target"/> at key path <paramref name="prefix"/>.</summary>
    public void ParseDocument(HoconObject target, IReadOnlyList<string> prefix)
    {
        SkipBlank();
        if (_cursor.Peek() == '{')
        {
            var open = _cursor.Position;
            _cursor.Next();
            ParseFields(target, prefix, open);
            SkipBlank();
        }
        else
        {
            ParseFields(target, prefix, null);
        }

        if (!_cursor.AtEnd)
        {
            throw _cursor.Error("end of file after the root object");
        }
    }

    /// <summary>Fields until '}' (when <paramref name="open"/> is set) or end of file.</summary>
    private void ParseFields(HoconObject target, IReadOnlyList<string> prefix, SourcePosition? open)
    {
        while (true)
        {
            SkipBlank(commas: true);
            if (_cursor.AtEnd)
            {
                if (open is { } o)
                {
                    throw _cursor.Error($"'}}' to close the object opened at {o}");
                }

                return;
            }

            if (_cursor.Peek() == '}')
            {
                if (open is null)
                {
                    throw _cursor.Error("a key (unbalanced '}')");
                }

                _cursor.Next();
                return;
            }

            if (IsIncludeKeyword())
            {
                ParseInclude(target, prefix);
            }
            else
            {
                ParseField(target, prefix);
            }

            SkipInlineSpaceAndComment();
            var c = _cursor.Peek();
            if (!_cursor.AtEnd && c != '\n' && c != ',' && c != '}')
            {
                throw _cursor.Error(ForbiddenUnquoted.Contains(c)
                    ? $"',' or a new line after the value (unquoted text cannot contain '{c}'; quote values such as URLs)"
                    : "',' or a new line after the value");
            }
        }
    }

    private void ParseField(HoconObject target, IReadOnlyList<string> prefix)
    {
        var keyPosition = _cursor.Position;
        var key = ParseKey();
        var path = prefix.Concat(key).ToList();
        SkipInlineSpace();
        var parent = HoconAssigner.Descend(target, prefix, key.Take(key.Count - 1), keyPosition);
        var last = key[^1];
        if (_cursor.Peek() == '{')
        {
            ParseObjectInPlace(HoconAssigner.ObjectAt(parent, path, last, _cursor.Position), path);
            return;
        }

        var append = false;
        if (_cursor.Peek() is '=' or ':')
        {
            _cursor.Next();
        }
        else if (_cursor.Peek() == '+' && _cursor.Peek(1) == '=')
        {
            _cursor.Skip(2);
            append = true;
        }
        else
        {
            throw _cursor.Error($"'=', ':', '+=' or '{{' after key '{HoconPath.Format(path)}'");
        }

        SkipBlank();
        if (!append && _cursor.Peek() == '{')
        {
            ParseObjectInPlace(HoconAssigner.ObjectAt(parent, path, last, _cursor.Position), path);
            return;
        }

        var value = ParseValue(path);
        HoconAssigner.Assign(parent, path, last, value, append);
    }

    /// <summary>`{ ... }` parsed into an existing object so that it merges with what was there.</summary>
    private void ParseObjectInPlace(HoconObject target, IReadOnlyList<string> path)
    {
        var open = _cursor.Position;
        _cursor.Next();
        ParseFields(target, path, open);
    }

    /// <summary>A value: one or more simple values side by side on one line (a concatenation).</summary>
    private HoconValue ParseValue(IReadOnlyList<string> path)
    {
        var start = _cursor.Position;
        var parts = new List<HoconValue>();
        while (true)
        {
            var part = ParseSimpleValue(path);
            if (part is null)
            {
                if (parts.Count == 0)
                {
                    throw _cursor.Error($"a value for key '{HoconPath.Format(path)}'");
                }

                break;
            }

            parts.Add(part);
            var spaceAt = _cursor.Position;
            var space = SkipInlineSpace();
            if (!StartsSimpleValue())
            {
                break;
            }

            if (space.Length > 0)
            {
                parts.Add(new HoconScalar(space, HoconScalarKind.Whitespace, spaceAt));
            }
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        return parts.Any(p => p is HoconSubstitution)
            ? new HoconConcatenation(parts, start)
            : HoconConcatenation.Join(parts, start)!;
    }

    private HoconValue? ParseSimpleValue(IReadOnlyList<string> path)
    {
        var position = _cursor.Position;
        switch (_cursor.Peek())
        {
            case '{':
                var obj = new HoconObject(position);
                ParseObjectInPlace(obj, path);
                return obj;
            case '[':
                return ParseArray(path);
            case '"':
                return _cursor.StartsWith("\"\"\"")
                    ? new HoconScalar(ReadTripleQuoted(), HoconScalarKind.Quoted, position)
                    : new HoconScalar(ReadQuoted(), HoconScalarKind.Quoted, position);
            case '$' when _cursor.Peek(1) == '{':
                return ParseSubstitution();
            default:
                var text = ReadUnquoted();
                return text.Length == 0 ? null : new HoconScalar(text, HoconScalarKind.Unquoted, position);
        }
    }

    private HoconArray ParseArray(IReadOnlyList<string> path)
    {
        var open = _cursor.Position;
        _cursor.Next();
        var items = new List<HoconValue>();
        while (true)
        {
            SkipBlank(commas: items.Count > 0);
            if (_cursor.Peek() == ']')
            {
                _cursor.Next();
                return new HoconArray(items, open);
            }

            if (_cursor.AtEnd)
            {
                throw _cursor.Error($"']' to close the array opened at {open}");
            }

            items.Add(ParseValue(path.Append($"[{items.Count}]").ToList()));
            SkipInlineSpaceAndComment();
            if (_cursor.Peek() is not (',' or '\n' or ']'))
            {
                throw _cursor.Error("',', a new line or ']' after an array element");
            }
        }
    }

    private HoconSubstitution ParseSubstitution()
    {
        var position = _cursor.Position;
        _cursor.Skip(2);
        var optional = false;
        if (_cursor.Peek() == '?')
        {
            _cursor.Next();
            optional = true;
        }

        SkipInlineSpace();
        var path = ParseKey();
        SkipInlineSpace();
        if (_cursor.Peek() != '}')
        {
            throw _cursor.Error("'}' to close the substitution");
        }

        _cursor.Next();
        return _includer.Substitution(path, optional, position);
    }

    private void ParseInclude(HoconObject target, IReadOnlyList<string> prefix)
    {
        var position = _cursor.Position;
        _cursor.Skip("include".Length);
        SkipInlineSpace();
        var required = false;
        var wrapped = false;
        foreach (var wrapper in new[] { "required(", "file(" })
        {
            if (_cursor.StartsWith(wrapper))
            {
                required |= wrapper == "required(";
                wrapped = true;
                _cursor.Skip(wrapper.Length);
                SkipInlineSpace();
                if (wrapper == "required(" && _cursor.StartsWith("file("))
                {
                    _cursor.Skip("file(".Length);
                    SkipInlineSpace();
                    ParseIncludeTail(target, prefix, position, required: true, closers: 2);
                    return;
                }

                break;
            }
        }

        ParseIncludeTail(target, prefix, position, required, wrapped ? 1 : 0);
    }

    private void ParseIncludeTail(HoconObject target, IReadOnlyList<string> prefix, SourcePosition position, bool required, int closers)
    {
        if (_cursor.Peek() != '"')
        {
            throw _cursor.Error("a quoted file name after 'include'");
        }

        var name = ReadQuoted();
        for (var i = 0; i < closers; i++)
        {
            SkipInlineSpace();
            if (_cursor.Peek() != ')')
            {
                throw _cursor.Error("')' to close the include");
            }

            _cursor.Next();
        }

        _includer.Include(target, prefix, name, required, position);
    }

    private List<string> ParseKey()
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

    private string ReadUnquoted()
    {
        var sb = new StringBuilder();
        while (!_cursor.AtEnd && IsUnquotedChar(_cursor.Peek()) && !_cursor.StartsWith("//"))
        {
            sb.Append(_cursor.Next());
        }

        return sb.ToString();
    }

    private string ReadQuoted()
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

    private string ReadTripleQuoted()
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

    private bool IsIncludeKeyword()
    {
        if (!_cursor.StartsWith("include"))
        {
            return false;
        }

        var offset = "include".Length;
        while (_cursor.Peek(offset) is ' ' or '\t')
        {
            offset++;
        }

        // `include = 1` is an ordinary key; only `include "f"`, `include required(...)`, `include file(...)` include.
        return offset > "include".Length && _cursor.Peek(offset) == '"'
            || _cursor.StartsWith("required(", offset) || _cursor.StartsWith("file(", offset);
    }

    private bool StartsSimpleValue()
    {
        if (_cursor.AtEnd || _cursor.StartsWith("//"))
        {
            return false;
        }

        var c = _cursor.Peek();
        return c is '{' or '[' or '"' || c == '$' && _cursor.Peek(1) == '{' || IsUnquotedChar(c);
    }

    private static bool IsUnquotedChar(char c) => c != '\0' && !char.IsWhiteSpace(c) && !ForbiddenUnquoted.Contains(c);

    private string SkipInlineSpace()
    {
        var sb = new StringBuilder();
        while (!_cursor.AtEnd && _cursor.Peek() != '\n' && char.IsWhiteSpace(_cursor.Peek()))
        {
            sb.Append(_cursor.Next());
        }

        return sb.ToString();
    }

    private void SkipInlineSpaceAndComment()
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
    private void SkipBlank(bool commas = false)
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
