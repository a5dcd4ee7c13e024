using System.Text;

namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>Key paths: <c>a.b."c.d"</c> ⇄ segments.</summary>
public static class HoconPath
{
    /// <summary>Splits a path expression; quoted segments may contain dots.</summary>
    public static IReadOnlyList<string> Parse(string path)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var sawQuote = false;
        foreach (var c in path)
        {
            if (c == '"')
            {
                quoted = !quoted;
                sawQuote = true;
            }
            else if (c == '.' && !quoted)
            {
                Add();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new ArgumentException($"unterminated quote in key path '{path}'", nameof(path));
        }

        Add();
        return segments;

        void Add()
        {
            var segment = sawQuote ? current.ToString() : current.ToString().Trim();
            if (segment.Length == 0 && !sawQuote)
            {
                throw new ArgumentException($"empty segment in key path '{path}'", nameof(path));
            }

            segments.Add(segment);
            current.Clear();
            sawQuote = false;
        }
    }

    /// <summary>Joins segments, quoting those that need it.</summary>
    public static string Format(IEnumerable<string> segments) => string.Join('.', segments.Select(FormatKey));

    /// <summary>One key, quoted when it is empty or holds characters an unquoted key cannot.</summary>
    public static string FormatKey(string key) =>
        key.Length > 0 && key.All(c => char.IsLetterOrDigit(c) || c is '_' or '-')
            ? key
            : HoconRenderer.Quote(key);
}
