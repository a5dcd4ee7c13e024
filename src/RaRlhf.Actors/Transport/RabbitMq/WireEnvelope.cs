using System.Text;
using RabbitMQ.Client;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// The wire envelope around a message body: AMQP <c>type</c> = the payload manifest and the header
/// <c>rarlhf-envelope</c> = <see cref="Version"/>. A receiver accepts only this version, a type and a body within the
/// size limit; anything else is rejected to the dead-letter queue and logged, never retried.
/// </summary>
public static class WireEnvelope
{
    /// <summary>The AMQP header carrying the envelope version.</summary>
    public const string VersionHeader = "rarlhf-envelope";

    /// <summary>The envelope version this build writes and reads.</summary>
    public const int Version = 1;

    /// <summary>Why a received message is refused, or null when it is acceptable.</summary>
    public static string? Problem(IReadOnlyBasicProperties properties, int bodyBytes, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (bodyBytes > maxBytes) return $"body of {bodyBytes} bytes exceeds the limit of {maxBytes} bytes";
        if (string.IsNullOrEmpty(properties.Type)) return "no message type";
        var version = VersionOf(properties);
        return version == Version ? null : $"envelope version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} is not {Version}";
    }

    /// <summary>The version header as a number; null when missing or not a number.</summary>
    internal static long? VersionOf(IReadOnlyBasicProperties properties)
    {
        if (properties.Headers is null || !properties.Headers.TryGetValue(VersionHeader, out var value)) return null;
        return value switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            sbyte sb => sb,
            byte[] text when long.TryParse(Encoding.UTF8.GetString(text), out var parsed) => parsed,
            _ => null,
        };
    }
}
