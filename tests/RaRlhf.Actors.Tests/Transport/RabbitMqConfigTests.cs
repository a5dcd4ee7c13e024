using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Transport.RabbitMq;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>HOCON → <see cref="RabbitMqSettings"/> → the client's SslOption, and the private-CA certificate check.</summary>
public sealed class RabbitMqConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rarlhf-mqconf-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Config Section(string hocon) => ConfigLoader.Parse(hocon).GetConfig("cluster.transport");

    [Fact]
    public void Read_FullSection_MapsEveryKey()
    {
        var ca = CreateCa("test CA");
        var caPath = WriteFile("ca.pem", ca.ExportCertificatePem());
        var passwordFile = WriteFile("broker_password", "from-file-pw\n");
        var client = WriteFile("client.p12", "not read until connect");

        var settings = RabbitMqConfig.Read("amqp://node@mq.example:5999/rl", "cluster.broker", Section($$"""
            cluster.transport {
              password_file = "{{passwordFile}}"
              max_message_bytes = 2MiB
              dead_letter_capacity = 50
              tls { enabled = on, server_name = "mq.internal", ca_certificate = "{{caPath}}", client_certificate = "{{client}}", client_certificate_password = "p12-pw" }
            }
            """), "rollout-1");

        Assert.Equal(("mq.example", 5999, "rl", "node", "from-file-pw"),
            (settings.Host, settings.Port, settings.VirtualHost, settings.UserName, settings.Password));
        Assert.Equal((2 << 20, 50, "rollout-1"), (settings.MaxMessageBytes, settings.DeadLetterCapacity, settings.ClientName));
        Assert.Equal((true, "mq.internal", caPath, client, "p12-pw"),
            (settings.UseTls, settings.TlsServerName, settings.TlsCaCertificatePath, settings.TlsClientCertificatePath, settings.TlsClientCertificatePassword));

        var option = RabbitMqTls.Options(settings);
        Assert.Equal((true, "mq.internal", client, "p12-pw"), (option.Enabled, option.ServerName, option.CertPath, option.CertPassphrase));
        Assert.NotNull(option.CertificateValidationCallback);
    }

    [Fact]
    public void Read_AmqpsUriWithoutOptions_TlsOnWithHostAsServerNameAndSystemTrust()
    {
        var settings = RabbitMqConfig.Read("amqps://u:pw@mq.example/", "cluster.broker", Config.Empty);
        var option = RabbitMqTls.Options(settings);

        Assert.Equal((true, 5671, "mq.example"), (settings.UseTls, settings.Port, option.ServerName));
        Assert.Null(option.CertificateValidationCallback);
        Assert.False(RabbitMqTls.Options(RabbitMqSettings.FromUri("amqp://u:pw@h/")).Enabled);
    }

    [Theory]
    [InlineData("tls.ca_certificate", "cluster.transport.tls.ca_certificate")]
    [InlineData("password_file", "cluster.transport.password_file")]
    public void Read_MissingFile_ThrowsNamingTheKey(string key, string fullKey)
    {
        var error = Assert.Throws<ConfigException>(() => RabbitMqConfig.Read("amqp://u@h/", "cluster.broker",
            Section($"cluster.transport.{key} = \"{Path.Combine(_dir, "absent.pem")}\"")));

        Assert.Equal(fullKey, error.Path);
        Assert.Contains("absent.pem", error.Message);
    }

    [Fact]
    public void Read_BadOrEmptyUri_ThrowsNamingTheKeyWithoutThePassword()
    {
        var bad = Assert.Throws<ConfigException>(() => RabbitMqConfig.Read("http://u:leak-pw@h/", "cluster.broker", Config.Empty));
        var empty = Assert.Throws<ConfigException>(() => RabbitMqConfig.Read(ConfigLoader.Parse("b.uri = \"\"").GetConfig("b")));

        Assert.Equal("cluster.broker", bad.Path);
        Assert.DoesNotContain("leak-pw", bad.Message);
        Assert.Equal("b.uri", empty.Path);
    }

    [Fact]
    public void Validate_ServerCertificate_AcceptedOnlyFromThePrivateCaWithTheRightName()
    {
        using var ca = CreateCa("private CA");
        using var other = CreateCa("other CA");
        using var server = Issue(ca, "CN=localhost");
        var trusted = new X509Certificate2Collection { ca };

        Assert.True(RabbitMqTls.Validate(server, SslPolicyErrors.RemoteCertificateChainErrors, trusted));
        Assert.False(RabbitMqTls.Validate(server, SslPolicyErrors.RemoteCertificateChainErrors, [other]));
        Assert.False(RabbitMqTls.Validate(server, SslPolicyErrors.RemoteCertificateNameMismatch, trusted));
        Assert.False(RabbitMqTls.Validate(null, SslPolicyErrors.RemoteCertificateNotAvailable, trusted));
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string subject)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        return request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), [1, 2, 3, 4]);
    }
}
