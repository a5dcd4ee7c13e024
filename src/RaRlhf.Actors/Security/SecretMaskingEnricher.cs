using Serilog.Core;
using Serilog.Events;

namespace RaRlhf.Actors.Security;

/// <summary>
/// A last line of defence in the logging pipeline: every string property of an event (also inside structures,
/// lists and dictionaries) goes through <see cref="SecretRedactor"/>, so a broker URI or connection string logged
/// by mistake reaches no sink with its password. Messages render from these properties, so they are masked too.
/// Exception text is not rewritten: our errors are built without secrets (tested in SecretLoggingTests).
/// </summary>
public sealed class SecretMaskingEnricher : ILogEventEnricher
{
    /// <inheritdoc />
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? changed = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            var masked = IsSecretName(name) ? Masked(value) : Mask(value);
            if (!ReferenceEquals(masked, value)) (changed ??= []).Add(new LogEventProperty(name, masked));
        }

        if (changed is null) return;
        foreach (var property in changed) logEvent.AddOrUpdateProperty(property);
    }

    /// <summary>The value with secrets masked; the same instance when there was nothing to mask.</summary>
    public static LogEventPropertyValue Mask(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string text } when SecretRedactor.ContainsSecret(text):
                return new ScalarValue(SecretRedactor.Redact(text));
            case StructureValue structure:
            {
                var properties = structure.Properties
                    .Select(p => new LogEventProperty(p.Name, IsSecretName(p.Name) ? Masked(p.Value) : Mask(p.Value))).ToList();
                return properties.Zip(structure.Properties).All(p => ReferenceEquals(p.First.Value, p.Second.Value))
                    ? value
                    : new StructureValue(properties, structure.TypeTag);
            }
            case SequenceValue sequence:
            {
                var elements = sequence.Elements.Select(Mask).ToList();
                return elements.Zip(sequence.Elements).All(p => ReferenceEquals(p.First, p.Second)) ? value : new SequenceValue(elements);
            }
            case DictionaryValue dictionary:
            {
                var elements = dictionary.Elements.Select(p => new KeyValuePair<ScalarValue, LogEventPropertyValue>(p.Key, Mask(p.Value))).ToList();
                return elements.Zip(dictionary.Elements).All(p => ReferenceEquals(p.First.Value, p.Second.Value)) ? value : new DictionaryValue(elements);
            }
            default:
                return value;
        }
    }

    /// <summary>
    /// A property or member named like a secret (Password, TlsClientCertificatePassword, ApiKey, api_key, Secret,
    /// Token, AccessToken): its whole value is masked, e.g. a destructured <c>{@Settings}</c>.
    /// </summary>
    public static bool IsSecretName(string name)
    {
        var lower = name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        return lower.EndsWith("password", StringComparison.Ordinal) || lower.EndsWith("passwd", StringComparison.Ordinal) ||
               lower.EndsWith("secret", StringComparison.Ordinal) || lower.EndsWith("apikey", StringComparison.Ordinal) ||
               lower is "token" or "pwd" || lower.EndsWith("accesstoken", StringComparison.Ordinal);
    }

    private static LogEventPropertyValue Masked(LogEventPropertyValue value) =>
        value is ScalarValue { Value: null or "" } ? value : new ScalarValue(SecretRedactor.Mask);
}
