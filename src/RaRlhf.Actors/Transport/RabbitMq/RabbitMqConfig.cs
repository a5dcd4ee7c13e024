using RaRlhf.Actors.Configuration;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// Reads <see cref="RabbitMqSettings"/> from a HOCON section (the node's broker section, e.g. <c>cluster.broker</c>):
/// <code>
/// uri = ${?RARLHF_BROKER}          # amqp[s]://user[:password]@host:port/vhost (required)
/// password_file = ""               # optional: the password from this file (a mounted secret) instead of the URI
/// max_message_bytes = 16MiB
/// dead_letter_capacity = 10000
/// tls {
///   enabled = false                # forced on by an amqps:// URI
///   server_name = ""               # name in the server certificate; "" = the URI's host
///   ca_certificate = ""            # PEM file of a private CA; "" = system trust store
///   client_certificate = ""        # PKCS#12 file for mutual TLS
///   client_certificate_password = ""
///   client_certificate_password_file = ""
/// }
/// </code>
/// Every key but <c>uri</c> is optional; the URI may also live elsewhere (<c>cluster.broker</c>) with the options in their
/// own section (<see cref="Read(string, string, Config, string)"/>). Errors name the full key; none shows a password.
/// </summary>
public static class RabbitMqConfig
{
    /// <summary>The settings of a section with <c>uri</c> and the options; <paramref name="clientName"/> is what the broker shows.</summary>
    public static RabbitMqSettings Read(Config broker, string clientName = "rarlhf")
    {
        ArgumentNullException.ThrowIfNull(broker);
        return Read(broker.HasPath("uri") ? broker.GetString("uri") : "", broker.FullPath("uri"), broker, clientName);
    }

    /// <summary>
    /// The settings of a broker URI held elsewhere (e.g. <c>cluster.broker</c>, named by <paramref name="uriKey"/> in
    /// errors) with the options of <paramref name="broker"/> (every key but <c>uri</c>; <see cref="Config.Empty"/> = defaults).
    /// </summary>
    public static RabbitMqSettings Read(string uri, string uriKey, Config broker, string clientName = "rarlhf")
    {
        ArgumentNullException.ThrowIfNull(broker);
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new ConfigException(uriKey,
                $"config key '{uriKey}' is empty: set it to amqp[s]://user@host:port/vhost (e.g. with RARLHF_BROKER)");
        }

        RabbitMqSettings parsed;
        try
        {
            parsed = RabbitMqSettings.FromUri(uri);
        }
        catch (FormatException error)
        {
            throw new ConfigException(uriKey, $"config key '{uriKey}': {error.Message}");
        }

        var tls = broker.HasPath("tls") ? broker.GetConfig("tls") : Config.Empty;
        return new RabbitMqSettings
        {
            Host = parsed.Host,
            Port = parsed.Port,
            VirtualHost = parsed.VirtualHost,
            UserName = parsed.UserName,
            Password = SecretFile(broker, "password_file") ?? parsed.Password,
            UseTls = parsed.UseTls || (tls.HasPath("enabled") && tls.GetBool("enabled")),
            TlsServerName = Optional(tls, "server_name"),
            TlsCaCertificatePath = ExistingFile(tls, "ca_certificate"),
            TlsClientCertificatePath = ExistingFile(tls, "client_certificate"),
            TlsClientCertificatePassword = SecretFile(tls, "client_certificate_password_file") ?? Optional(tls, "client_certificate_password"),
            MaxMessageBytes = broker.HasPath("max_message_bytes")
                ? checked((int)Positive(broker, "max_message_bytes", broker.GetBytes("max_message_bytes")))
                : parsed.MaxMessageBytes,
            DeadLetterCapacity = broker.HasPath("dead_letter_capacity")
                ? (int)Positive(broker, "dead_letter_capacity", broker.GetInt("dead_letter_capacity"))
                : parsed.DeadLetterCapacity,
            ClientName = clientName,
        };
    }

    private static string? Optional(Config section, string key) =>
        section.HasPath(key) && section.GetString(key).Trim() is { Length: > 0 } value ? value : null;

    private static long Positive(Config section, string key, long value) => value > 0
        ? value
        : throw new ConfigException(section.FullPath(key), $"config key '{section.FullPath(key)}' must be > 0 (found {value})");

    private static string? ExistingFile(Config section, string key)
    {
        var path = Optional(section, key);
        if (path is null || File.Exists(path)) return path;
        throw new ConfigException(section.FullPath(key),
            $"config key '{section.FullPath(key)}': file '{path}' not found (mount the certificate there or clear the key)");
    }

    /// <summary>The trimmed content of the file named by <paramref name="key"/> (e.g. /run/secrets/broker_password).</summary>
    internal static string? SecretFile(Config section, string key)
    {
        var path = ExistingFile(section, key);
        return path is null ? null : File.ReadAllText(path).Trim();
    }
}
