using System.Text;
using RaRlhf.Actors.Tests.Cluster;
using RaRlhf.Actors.Transport;
using RaRlhf.Actors.Transport.RabbitMq;

namespace RaRlhf.Actors.Tests.Security;

/// <summary>
/// Real connection attempts to the test broker, logged through the production pipeline: the password appears in
/// neither the CLEF file nor the console, while the broker's address does (so the error really was logged).
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class BrokerSecretLoggingTests(RabbitMqServerFixture broker)
{
    [Fact]
    public async Task ConnectAsync_WrongPassword_ErrorLoggedWithoutEitherPassword()
    {
        const string wrong = "wrong-pw-9c1f";
        using var log = new ClefLog("rollout");
        var uri = $"amqp://rarlhf:{wrong}@127.0.0.1:{broker.Port}/";
        var settings = RabbitMqSettings.FromUri(uri);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => RabbitMqTransport.ConnectAsync(settings, log.Logging.Logger));
        log.Logging.Logger.Error(error, "broker connection failed for {Broker}", settings.ToString());
        var text = log.Finish();

        Assert.Contains($"127.0.0.1:{broker.Port}", text);
        Assert.Contains("broker connection failed", text);
        Assert.DoesNotContain(wrong, text);
        Assert.DoesNotContain(wrong, error.ToString());
    }

    [Fact]
    public async Task Transport_ConnectWorkAndRejectedMessages_NoLogLineCarriesThePassword()
    {
        using var log = new ClefLog("reward");
        var settings = Transport.BrokerTestSettings.With(broker.Settings(), $"dead-{Guid.NewGuid():N}", maxMessageBytes: 100);
        await using (var transport = await RabbitMqTransport.ConnectAsync(settings, log.Logging.Logger))
        {
            var queue = $"secrets-{Guid.NewGuid():N}";
            await transport.DeclareQueueAsync(queue, 4);
            await using var big = await RabbitMqTransport.ConnectAsync(broker.Settings(), log.Logging.Logger);
            await big.SendAsync(queue, new TransportMessage("test.text", new byte[500])); // rejected by the 100-byte receiver
            await transport.SendAsync(queue, new TransportMessage("test.text", Encoding.UTF8.GetBytes("ok")));
            await using var consumer = await transport.ConsumeAsync(queue, 1);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await consumer.AckAsync(await consumer.ReceiveAsync(limit.Token));
            log.Logging.Logger.Information("connected to {Broker}", transport.Settings);
        }

        var text = log.Finish();

        Assert.Contains("exceeds the limit of 100 bytes", text);
        Assert.Contains($"amqp://rarlhf@127.0.0.1:{broker.Port}", text);
        Assert.DoesNotContain(RabbitMqServerFixture.Password, text);
    }
}
