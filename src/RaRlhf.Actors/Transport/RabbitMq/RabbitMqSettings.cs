namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// Where and how to reach the broker. <see cref="ToString"/> (used in every log line and error) shows
/// <c>amqp://user@host:port/vhost</c> and never the password.
/// </summary>
public sealed class RabbitMqSettings
{
    /// <summary>Broker host name or address.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>AMQP port (5672, or 5671 with TLS).</summary>
    public int Port { get; init; } = 5672;

    /// <summary>Virtual host.</summary>
    public string VirtualHost { get; init; } = "/";

    /// <summary>User name.</summary>
    public string UserName { get; init; } = "guest";

    /// <summary>Password; kept out of <see cref="ToString"/>, logs and errors.</summary>
    public string Password { get; init; } = "guest";

    /// <summary>Connect with TLS (server certificate checked against <see cref="TlsServerName"/> or the host).</summary>
    public bool UseTls { get; init; }

    /// <summary>The name the server certificate must carry; the host when null.</summary>
    public string? TlsServerName { get; init; }

    /// <summary>
    /// PEM (or DER) file of the CA(s) that signed the server certificate, for a private CA; null = the system trust
    /// store. With it set the server certificate must chain to one of these CAs (and carry the expected name).
    /// </summary>
    public string? TlsCaCertificatePath { get; init; }

    /// <summary>PKCS#12 (.p12/.pfx) client certificate and key for brokers that require one (mutual TLS); null = none.</summary>
    public string? TlsClientCertificatePath { get; init; }

    /// <summary>Passphrase of <see cref="TlsClientCertificatePath"/>; kept out of logs and errors.</summary>
    public string? TlsClientCertificatePassword { get; init; }

    /// <summary>
    /// Name of the dead-letter exchange and of its queue, which receive rejected work messages (no type, unknown
    /// envelope version, over the size limit, undecodable, failing twice). Every work queue points at it.
    /// </summary>
    public string DeadLetterQueue { get; init; } = "rarlhf.dead-letter";

    /// <summary>Capacity of <see cref="DeadLetterQueue"/>; beyond it the oldest dead letters are dropped.</summary>
    public int DeadLetterCapacity { get; init; } = 10_000;

    /// <summary>A send waiting on a full queue logs a warning after this long (and again every such period).</summary>
    public TimeSpan FullQueueWarningAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest message body accepted for sending or receiving (bytes). Weights go through the blob store.</summary>
    public int MaxMessageBytes { get; init; } = 16 << 20;

    /// <summary>How often a lost connection is retried (automatic recovery).</summary>
    public TimeSpan RecoveryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Name the broker shows for this connection (node and role).</summary>
    public string ClientName { get; init; } = "rarlhf";

    /// <summary>
    /// Parses <c>amqp[s]://user:password@host[:port][/vhost]</c> (percent-encoded parts), e.g. from
    /// <c>RARLHF_BROKER</c>. Errors name the URI without its password.
    /// </summary>
    public static RabbitMqSettings FromUri(string uri)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(uri);
        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("amqp" or "amqps"))
        {
            throw new FormatException($"broker URI '{Security.SecretRedactor.Redact(uri)}' is not amqp://user:password@host:port/vhost");
        }

        var tls = parsed.Scheme == "amqps";
        var user = parsed.UserInfo.Split(':', 2);
        var vhost = Uri.UnescapeDataString(parsed.AbsolutePath.TrimStart('/'));
        return new RabbitMqSettings
        {
            Host = parsed.Host,
            Port = parsed.IsDefaultPort || parsed.Port < 0 ? (tls ? 5671 : 5672) : parsed.Port,
            VirtualHost = vhost.Length == 0 ? "/" : vhost,
            UserName = user[0].Length > 0 ? Uri.UnescapeDataString(user[0]) : "guest",
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : "guest",
            UseTls = tls,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(UseTls ? "amqps" : "amqp")}://{UserName}@{Host}:{Port}/{Uri.EscapeDataString(VirtualHost)}";
}
