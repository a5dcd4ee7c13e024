using RaRlhf.Actors.Transport.RabbitMq;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>Copies of the shared test broker's settings with a test's own dead-letter queue and limits.</summary>
internal static class BrokerTestSettings
{
    public static RabbitMqSettings With(RabbitMqSettings s, string deadLetterQueue, int? maxMessageBytes = null,
        TimeSpan? fullQueueWarningAfter = null) => new()
    {
        Host = s.Host,
        Port = s.Port,
        VirtualHost = s.VirtualHost,
        UserName = s.UserName,
        Password = s.Password,
        ClientName = s.ClientName,
        RecoveryInterval = s.RecoveryInterval,
        MaxMessageBytes = maxMessageBytes ?? s.MaxMessageBytes,
        DeadLetterQueue = deadLetterQueue,
        FullQueueWarningAfter = fullQueueWarningAfter ?? s.FullQueueWarningAfter,
    };
}
