namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// Recursive-descent HOCON parser for the subset Akka users write. Fields are assigned straight into the target
/// object so that later definitions merge into (objects) or replace (everything else) earlier ones, includes and
/// <c>--set</c> overrides included. Substitutions stay unresolved until <see cref="HoconResolver"/> runs.
/// </summary>
internal sealed class HoconParser
{
    private readonly HoconCursor _cursor;
    private readonly HoconLexer _lexer;
    private readonly HoconIncluder _includer;

    public HoconParser(HoconCursor cursor, HoconIncluder includer)
    {
        _cursor = cursor;
        _lexer = new HoconLexer(cursor);
        _includer = includer;
    }

    /// <summary>Parses a whole document (braced or not) into <paramref name="target"/> at key path <paramref name="prefix"/>.</summary>
    public void ParseDocument(HoconObject target, IReadOnlyList<string> prefix)
    {
        _lexer.SkipBlank();
        if (_cursor.Peek() == '{')
        {
            var open = _cursor.Position;
            _cursor.Next();
            ParseFields(target, prefix, open);
            _lexer.SkipBlank();
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
            _lexer.SkipBlank(commas: true);
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

            if (HoconIncludeDirective.TryRead(_cursor, _lexer) is { } include)
            {
                _includer.Include(target, prefix, include.Name, include.Required, include.Position);
            }
            else
            {
                ParseField(target, prefix);
            }

            _lexer.SkipInlineSpaceAndComment();
            var c = _cursor.Peek();
            if (!_cursor.AtEnd && c != '\n' && c != ',' && c != '}')
            {
                throw _cursor.Error(HoconLexer.ForbiddenUnquoted.Contains(c)
                    ? $"',' or a new line after the value (unquoted text cannot contain '{c}'; quote values such as URLs)"
                    : "',' or a new line after the value");
            }
        }
    }

    private void ParseField(HoconObject target, IReadOnlyList<string> prefix)
    {
        var keyPosition = _cursor.Position;
        var key = _lexer.ReadKey();
        var path = prefix.Concat(key).ToList();
        _lexer.SkipInlineSpace();
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

        _lexer.SkipBlank();
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
            var space = _lexer.SkipInlineSpace();
            if (!_lexer.StartsSimpleValue())
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
                    ? new HoconScalar(_lexer.ReadTripleQuoted(), HoconScalarKind.Quoted, position)
                    : new HoconScalar(_lexer.ReadQuoted(), HoconScalarKind.Quoted, position);
            case '$' when _cursor.Peek(1) == '{':
                return ParseSubstitution();
            default:
                var text = _lexer.ReadUnquoted();
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
            _lexer.SkipBlank(commas: items.Count > 0);
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
            _lexer.SkipInlineSpaceAndComment();
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

        _lexer.SkipInlineSpace();
        var path = _lexer.ReadKey();
        _lexer.SkipInlineSpace();
        if (_cursor.Peek() != '}')
        {
            throw _cursor.Error("'}' to close the substitution");
        }

        _cursor.Next();
        return _includer.Substitution(path, optional, position);
    }
}
