using System.Text;
using RaRlhf.Actors.Transport;
using RaRlhf.Actors.Transport.RabbitMq;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>
/// Our transport over a real TLS listener: a private CA, the server name check, an untrusted CA. In the shared
/// broker's collection with the TLS broker as a class fixture, so the second broker starts (and stops) while no other
/// broker test runs: two Erlang nodes starting at once on a loaded machine pushed the restart test over its limit.
/// </summary>
[Collection(Cluster.RabbitMqCollection.Name)]
public sealed class RabbitMqTlsTests(RabbitMqTlsServerFixture broker) : IClassFixture<RabbitMqTlsServerFixture>
{
    [Fact]
    public async Task ConnectAsync_TlsWithThePrivateCa_SendsAndReceivesOverTls()
    {
        await using var transport = await RabbitMqTransport.ConnectAsync(broker.TlsSettings());
        var queue = $"tls-{Guid.NewGuid():N}";
        await transport.DeclareQueueAsync(queue, 2);
        await transport.SendAsync(queue, new TransportMessage("test.text", Encoding.UTF8.GetBytes("over tls")));
        await using var consumer = await transport.ConsumeAsync(queue, 1);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var delivery = await consumer.ReceiveAsync(limit.Token);

        Assert.Equal("over tls", Encoding.UTF8.GetString(delivery.Message.Body.Span));
        Assert.True(transport.Connection.Endpoint.Ssl.Enabled);
        Assert.Equal(broker.TlsPort, transport.Connection.Endpoint.Port);
        Assert.StartsWith("amqps://", transport.Settings.ToString());
    }

    [Fact]
    public async Task ConnectAsync_ServerNameNotInCertificate_RefusedNamingTheBroker()
    {
        var settings = broker.TlsSettings(serverName: "broker.elsewhere.example");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RabbitMqTransport.ConnectAsync(settings));

        Assert.Contains($"amqps://rarlhf@127.0.0.1:{broker.TlsPort}", error.Message);
        Assert.DoesNotContain(settings.Password, error.ToString());
    }

    [Fact]
    public async Task ConnectAsync_CertificateFromAnotherCa_Refused()
    {
        var settings = broker.TlsSettings(caPath: broker.Certificates.OtherCaPath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RabbitMqTransport.ConnectAsync(settings));

        Assert.Contains("cannot connect to the broker", error.Message);
    }

    [Fact]
    public async Task ConnectAsync_PlainAmqpToTheTlsPort_DoesNotConnect()
    {
        var tls = broker.TlsSettings();
        var plain = new RabbitMqSettings { Host = tls.Host, Port = tls.Port, UserName = tls.UserName, Password = tls.Password };
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await Assert.ThrowsAnyAsync<Exception>(() => RabbitMqTransport.ConnectAsync(plain, cancellation: limit.Token));
    }
}
