using System.Net;

namespace RaRlhf.Rl.Reporting;

/// <summary>HTML/SVG escaping for every text and attribute value the report writes (method names come from files).</summary>
public static class HtmlText
{
    /// <summary>Escapes &amp; &lt; &gt; " and ', safe in element content and in quoted attributes.</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
