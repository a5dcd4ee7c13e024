using RaRlhf.Actors.Tests.Transport;
using RaRlhf.Actors.Transport;
using RaRlhf.Actors.Transport.RabbitMq;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>Runs <see cref="TransportSpec"/> against <see cref="RabbitMqTransport"/> on a real broker.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqTransportSpec(RabbitMqServerFixture broker) : TransportSpec
{
    protected override async Task<IMessageTransport> CreateTransportAsync() =>
        await RabbitMqTransport.ConnectAsync(broker.Settings());
}
