using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace RaRlhf.Actors.Transport.RabbitMq;

/// <summary>Opens the broker connection: automatic connection and topology recovery, heartbeats, TLS when asked.</summary>
internal static class RabbitMqConnector
{
    public static async Task<IConnection> ConnectAsync(RabbitMqSettings settings, CancellationToken cancellation)
    {
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.UserName,
            Password = settings.Password,
            ClientProvidedName = settings.ClientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            // Queues, exchanges and bindings come back; consumers do not: SingleDelivery's one-shot consumers end with
            // the connection (their waits fail and retry), and a recovered one would take a message nobody waits for.
            TopologyRecoveryFilter = new TopologyRecoveryFilter { ConsumerFilter = _ => false },
            NetworkRecoveryInterval = settings.RecoveryInterval,
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
            // At least the broker's own default limit (128 MiB): a larger body than ours must reach our check and be
            // rejected to the dead-letter queue; the client refusing it would drop the connection and loop on it.
            MaxInboundMessageBodySize = (uint)Math.Max((long)settings.MaxMessageBytes + (1 << 16), 128L << 20),
            Ssl = RabbitMqTls.Options(settings),
        };
        try
        {
            return await factory.CreateConnectionAsync(cancellation).ConfigureAwait(false);
        }
        catch (BrokerUnreachableException error)
        {
            // The settings' ToString has no password; the client's own messages do not carry it either.
            throw new InvalidOperationException(
                $"cannot connect to the broker {settings}: {error.InnerException?.Message ?? error.Message}", error);
        }
    }
}
