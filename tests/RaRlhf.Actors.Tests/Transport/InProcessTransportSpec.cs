using RaRlhf.Actors.Transport;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>Runs <see cref="TransportSpec"/> against <see cref="InProcessTransport"/>.</summary>
public sealed class InProcessTransportSpec : TransportSpec
{
    private readonly InProcessTransport _transport = new();

    protected override Task<IMessageTransport> CreateTransportAsync() => Task.FromResult<IMessageTransport>(_transport);
}
