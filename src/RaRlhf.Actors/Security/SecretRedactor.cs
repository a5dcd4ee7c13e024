using System.Text.RegularExpressions;

namespace RaRlhf.Actors.Security;

/// <summary>
/// Masks credentials inside free text before it is logged, shown or stored: the password of a URI's user info
/// (<c>amqp://user:PASS@host</c>), secret keys of connection strings (<c>Password=…</c>, <c>Pwd=…</c>, <c>ApiKey=…</c>,
/// <c>Token=…</c>, Npgsql's <c>SSL Password=…</c>) and of JSON (<c>"password": "…"</c>). Everything else is kept, so a
/// masked connection string still says which server it points to.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    /// <summary>The text with every recognised secret replaced by <see cref="Mask"/>; null stays null.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var masked = UriPassword().Replace(text, m => m.Groups["head"].Value + Mask);
        masked = KeyValueSecret().Replace(masked, m => m.Groups["head"].Value + Mask);
        return JsonSecret().Replace(masked, m => m.Groups["head"].Value + "\"" + Mask + "\"");
    }

    /// <summary>True when <paramref name="text"/> contains something <see cref="Redact"/> would mask.</summary>
    public static bool ContainsSecret(string? text) =>
        !string.IsNullOrEmpty(text) && (UriPassword().IsMatch(text) || KeyValueSecret().IsMatch(text) || JsonSecret().IsMatch(text));

    // scheme://user:password@ — the user part has no ':', '/', '@'; the password runs to the last '@' before a space.
    [GeneratedRegex(@"(?<head>\b[a-z][a-z0-9+.\-]*://[^:/@\s]*:)(?<secret>[^\s@]+)(?=@)", RegexOptions.IgnoreCase)]
    private static partial Regex UriPassword();

    // key=value pairs of connection strings; a quoted value may hold ';'.
    [GeneratedRegex(
        @"(?<head>(?<![A-Za-z0-9_])(?:password|passwd|pwd|ssl[ _]?password|api[_\-]?key|secret|token|access[_\-]?token)\s*=\s*)(?<secret>""[^""]*""|'[^']*'|[^;,\s&]+)",
        RegexOptions.IgnoreCase)]
    private static partial Regex KeyValueSecret();

    [GeneratedRegex(
        @"(?<head>""(?:password|passwd|pwd|api[_\-]?key|secret|token|access[_\-]?token|connection[_\-]?string)""\s*:\s*)""(?:[^""\\]|\\.)*""",
        RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecret();
}
