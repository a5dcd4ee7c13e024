using System.Text;
using System.Text.RegularExpressions;

namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>Writes a resolved tree as HOCON (for people) or JSON (for tools).</summary>
public static partial class HoconRenderer
{
    public static string Render(HoconObject root, bool json)
    {
        var sb = new StringBuilder();
        if (json)
        {
            WriteJson(sb, root, 0);
        }
        else
        {
            WriteHoconFields(sb, root, 0);
        }

        return sb.Append('\n').ToString();
    }

    /// <summary>A JSON string literal (valid HOCON too).</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "\\\"", '\\' => "\\\\", '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\b' => "\\b", '\f' => "\\f",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Unquoted numbers, booleans and null keep their JSON type; everything else is a string.</summary>
    public static string ScalarLiteral(HoconScalar scalar)
    {
        if (scalar.ScalarKind == HoconScalarKind.Unquoted && (scalar.Text is "true" or "false" or "null" || JsonNumber().IsMatch(scalar.Text)))
        {
            return scalar.Text;
        }

        return Quote(scalar.Text);
    }

    private static void WriteHoconFields(StringBuilder sb, HoconObject obj, int depth)
    {
        var first = true;
        foreach (var (key, value) in obj.Fields)
        {
            if (!first)
            {
                sb.Append('\n');
            }

            first = false;
            sb.Append(' ', depth * 2).Append(HoconPath.FormatKey(key));
            if (value is HoconObject child)
            {
                sb.Append(" {\n");
                WriteHoconFields(sb, child, depth + 1);
                sb.Append('\n').Append(' ', depth * 2).Append('}');
            }
            else
            {
                sb.Append(" = ");
                WriteJson(sb, value, depth);
            }
        }
    }

    private static void WriteJson(StringBuilder sb, HoconValue value, int depth)
    {
        switch (value)
        {
            case HoconScalar scalar:
                sb.Append(ScalarLiteral(scalar));
                break;
            case HoconArray array:
                sb.Append('[');
                sb.AppendJoin(", ", array.Items.Select(item =>
                {
                    var inner = new StringBuilder();
                    WriteJson(inner, item, depth + 1);
                    return inner.ToString();
                }));
                sb.Append(']');
                break;
            case HoconObject obj:
                sb.Append("{\n");
                var i = 0;
                foreach (var (key, field) in obj.Fields)
                {
                    sb.Append(' ', (depth + 1) * 2).Append(Quote(key)).Append(": ");
                    WriteJson(sb, field, depth + 1);
                    sb.Append(++i < obj.Count ? ",\n" : "\n");
                }

                sb.Append(' ', depth * 2).Append('}');
                break;
            default:
                throw new InvalidOperationException($"cannot render an unresolved {value.Kind} at {value.Origin}");
        }
    }

    /// <summary>Exactly the JSON number grammar (so ".5", "+1", "01" and "NaN" stay strings).</summary>
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")]
    private static partial Regex JsonNumber();
}
