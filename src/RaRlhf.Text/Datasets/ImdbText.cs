using System.Buffers;

namespace RaRlhf.Text.Datasets;

/// <summary>The IMDB text normaliser: HTML line breaks to newlines, nothing else touched.</summary>
public static class ImdbText
{
    private static readonly string[] BreakTags = ["<br />", "<br/>", "<br>"];

    /// <summary>
    /// Replaces every <c>&lt;br /&gt;</c> (also <c>&lt;br/&gt;</c>, <c>&lt;br&gt;</c>) with one "\n", so the corpus's
    /// <c>&lt;br /&gt;&lt;br /&gt;</c> becomes a paragraph break "\n\n". Other markup (a few <c>&lt;i&gt;</c>), spacing
    /// and case are left as they are. Idempotent; returns the same instance when there is nothing to replace.
    /// </summary>
    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var next = raw.IndexOf("<br", StringComparison.Ordinal);
        if (next < 0)
        {
            return raw;
        }

        var output = ArrayPool<char>.Shared.Rent(raw.Length); // never longer than the input
        try
        {
            var source = raw.AsSpan();
            var length = 0;
            while (next >= 0)
            {
                source[..next].CopyTo(output.AsSpan(length));
                length += next;
                source = source[next..];
                var tag = MatchingTag(source);
                output[length++] = tag is null ? source[0] : '\n';
                source = source[(tag?.Length ?? 1)..];
                next = source.IndexOf("<br", StringComparison.Ordinal);
            }

            source.CopyTo(output.AsSpan(length));
            return new string(output, 0, length + source.Length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(output);
        }
    }

    private static string? MatchingTag(ReadOnlySpan<char> text)
    {
        foreach (var tag in BreakTags)
        {
            if (text.StartsWith(tag, StringComparison.Ordinal))
            {
                return tag;
            }
        }

        return null;
    }

    /// <summary>Applies the chosen <see cref="ImdbMarkup"/>.</summary>
    public static string Apply(string raw, ImdbMarkup markup) => markup == ImdbMarkup.Keep ? raw : Normalize(raw);
}
