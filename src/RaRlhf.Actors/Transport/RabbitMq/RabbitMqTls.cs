using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using RabbitMQ.Client;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>
/// Maps the TLS settings to the client's <see cref="SslOption"/>: TLS 1.2+, the server name checked against the
/// certificate, a private CA (the chain must end in one of its certificates; the system store is not consulted)
/// and an optional client certificate.
/// </summary>
public static class RabbitMqTls
{
    /// <summary>The client's TLS options for <paramref name="settings"/> (disabled when <c>UseTls</c> is off).</summary>
    public static SslOption Options(RabbitMqSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var option = new SslOption
        {
            Enabled = settings.UseTls,
            ServerName = settings.TlsServerName ?? settings.Host,
            Version = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        };
        if (!settings.UseTls) return option;

        if (settings.TlsClientCertificatePath is { } client)
        {
            RequireFile(client, "client certificate");
            option.CertPath = client;
            option.CertPassphrase = settings.TlsClientCertificatePassword;
        }

        if (settings.TlsCaCertificatePath is { } caPath)
        {
            var authorities = LoadAuthorities(caPath);
            option.CertificateValidationCallback = (_, certificate, _, errors) =>
                Validate(certificate, errors, authorities);
        }

        return option;
    }

    /// <summary>The server certificate is valid when it carries the expected name and chains to one of the CAs.</summary>
    internal static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) ||
            errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        RequireFile(path, "CA certificate");
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(path);
            if (authorities.Count == 0) authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (System.Security.Cryptography.CryptographicException error)
        {
            throw new InvalidDataException($"broker CA certificate '{path}' is not a PEM or DER certificate: {error.Message}", error);
        }

        return authorities;
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"broker TLS {what} '{path}' not found", path);
    }
}
