namespace RaRlhf.Text.Datasets;

/// <summary>The IMDB text normaliser: HTML line breaks to newlines, nothing else touched.</summary>
public static class ImdbText
{
    private static readonly string[] BreakTags = ["<br />", "<br/>", "<br>"];

    /// <summary>
    /// Replaces every <c>&lt;br /&gt;</c> (also <c>&lt;br/&gt;</c>, <c>&lt;br&gt;</c>) with one "\n". Other markup
    /// (a few <c>&lt;i&gt;</c> in the corpus), spacing and case are left as they are. Idempotent.
    /// </summary>
    public static string Normalize(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (!raw.Contains("<br", StringComparison.Ordinal))
        {
            return raw;
        }

        var text = raw;
        foreach (var tag in BreakTags)
        {
            text = text.Replace(tag, "\n", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Applies the chosen <see cref="ImdbMarkup"/>.</summary>
    public static string Apply(string raw, ImdbMarkup markup) => markup == ImdbMarkup.Keep ? raw : Normalize(raw);
}
