using RaRlhf.Actors.Configuration.Hocon;

namespace RaRlhf.Actors.Configuration;

/// <summary>
/// Hides secrets before a configuration is printed: non-empty values of keys named api_key, password, secret,
/// token or connection_string (or ending in _name) become "(redacted)"; in every other string value a credential
/// embedded in a URI or key=value pair (<c>amqp://user:PASS@host</c>, <c>Password=…</c>) is masked by
/// <see cref="Security.SecretRedactor"/>, so e.g. <c>cluster.broker.uri</c> shows its host but not its password.
/// Environment variables usually carry these, and `config show` output ends up in terminals, CI logs and issue reports.
/// </summary>
public static class ConfigRedaction
{
    public const string Placeholder = "(redacted)";

    private static readonly string[] SecretKeyParts = ["api_key", "apikey", "password", "secret", "token", "connection_string"];

    /// <summary>The key is one of the secret names or ends in one after '_' or '-' (access_token; not tokenizer).</summary>
    public static bool IsSecretKey(string key) =>
        SecretKeyParts.Any(part => key.Equals(part, StringComparison.OrdinalIgnoreCase) ||
                                   key.EndsWith("_" + part, StringComparison.OrdinalIgnoreCase) ||
                                   key.EndsWith("-" + part, StringComparison.OrdinalIgnoreCase));

    public static HoconObject Redact(HoconObject obj)
    {
        var copy = new HoconObject(obj.Origin);
        foreach (var (key, value) in obj.Fields)
        {
            copy.Set(key, value switch
            {
                HoconObject child => Redact(child),
                HoconScalar { Text.Length: > 0 } s when IsSecretKey(key) => new HoconScalar(Placeholder, HoconScalarKind.Quoted, s.Origin),
                HoconScalar s when Security.SecretRedactor.ContainsSecret(s.Text) =>
                    new HoconScalar(Security.SecretRedactor.Redact(s.Text)!, HoconScalarKind.Quoted, s.Origin),
                HoconArray array => RedactArray(array),
                _ => value,
            });
        }

        return copy;
    }

    private static HoconArray RedactArray(HoconArray array) => new(array.Items.Select(item => item switch
    {
        HoconObject child => Redact(child),
        HoconArray nested => RedactArray(nested),
        HoconScalar s when Security.SecretRedactor.ContainsSecret(s.Text) =>
            new HoconScalar(Security.SecretRedactor.Redact(s.Text)!, HoconScalarKind.Quoted, s.Origin),
        _ => item,
    }).ToList(), array.Origin);
}
