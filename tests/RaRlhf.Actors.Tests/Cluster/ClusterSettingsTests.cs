using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>hocon/cluster.conf is read into <see cref="ClusterSettings"/>; bad values are refused naming the key.</summary>
public sealed class ClusterSettingsTests
{
    private static readonly string File = Path.Combine(TestData.RepoRoot, "hocon", "cluster.conf");

    [Fact]
    public void Load_ClusterConfWithEnvironment_ReadsBrokerAndDatabaseFromIt()
    {
        var env = new Dictionary<string, string> { ["RARLHF_BROKER"] = "amqp://u:p@10.0.0.1:5673/", ["RARLHF_POSTGRES"] = "Host=db;Database=x" };
        var config = ConfigLoader.LoadFile(File, ["cluster.run=abc_1"], env.GetValueOrDefault);
        var settings = ClusterSettings.Load(config);
        Assert.Equal("amqp://u:p@10.0.0.1:5673/", settings.BrokerUri);
        Assert.Equal("Host=db;Database=x", settings.PostgresConnectionString);
        Assert.Equal("rarlhf.abc_1.rollout", settings.Names.RolloutQueue);
        Assert.Equal("rarlhf_abc_1", settings.Names.Schema);
        Assert.EndsWith("runs/abc_1", RunSettings.Load(config).Run.Dir, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoConnectionStringAndBadRunName_ListsBothKeys()
    {
        var config = ConfigLoader.LoadFile(File, ["cluster.run=\"Bad-Name\"", "cluster.chunks=0"], _ => null);
        var error = Assert.Throws<ConfigValidationException>(() => ClusterSettings.Load(config));
        Assert.Contains(error.Errors, e => e.Contains("cluster.run", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("cluster.chunks", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("persistence.postgres.connection_string", StringComparison.Ordinal) && e.Contains("RARLHF_POSTGRES", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("all", ClusterRole.All)]
    [InlineData("rollout, reward", ClusterRole.Rollout | ClusterRole.Reward)]
    [InlineData("coordinator,learner", ClusterRole.Coordinator | ClusterRole.Learner)]
    public void Parse_RoleList_Flags(string text, ClusterRole expected) => Assert.Equal(expected, ClusterRoles.Parse(text));

    [Fact]
    public void Parse_UnknownRole_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterRoles.Parse("rollout,evaluator"));
        Assert.Contains("'evaluator'", error.Message, StringComparison.Ordinal);
    }
}
