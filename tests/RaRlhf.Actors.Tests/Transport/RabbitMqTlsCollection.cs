namespace RaRlhf.Actors.Tests.Transport;

/// <summary>The tests of the TLS broker (<see cref="RabbitMqTlsServerFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqTlsCollection : ICollectionFixture<RabbitMqTlsServerFixture>
{
    public const string Name = "rabbitmq tls server";
}
