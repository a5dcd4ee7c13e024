namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>The tests that share one <see cref="RabbitMqServerFixture"/>; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RabbitMqCollection : ICollectionFixture<RabbitMqServerFixture>
{
    public const string Name = "rabbitmq server";
}
