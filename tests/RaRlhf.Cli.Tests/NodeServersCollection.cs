namespace RaRlhf.Cli.Tests;

/// <summary>The node tests share one <see cref="NodeServers"/>; they run one after another (the broker restart test
/// stops the shared broker).</summary>
[CollectionDefinition(Name)]
public sealed class NodeServersCollection : ICollectionFixture<NodeServers>
{
    public const string Name = "node servers";
}
