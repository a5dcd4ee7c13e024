namespace RaRlhf.Cli.Tests;

/// <summary>`rarlhf node` input errors: exit 2 with a message naming what to fix (no servers needed).</summary>
public sealed class NodeCommandTests
{
    [Fact]
    public void Node_UnknownRole_Exit2NamingIt()
    {
        var (code, _, stderr) = CliRunner.Run("node", "--roles", "rollout,critic");
        Assert.Equal(2, code);
        Assert.Contains("unknown role 'critic'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_NoDatabase_Exit2NamingKeyAndVariable()
    {
        var (code, _, stderr) = CliRunner.Run("node", "--roles", "all", "--set", "persistence.postgres.connection_string=\"\"");
        Assert.Equal(2, code);
        Assert.Contains("persistence.postgres.connection_string", stderr, StringComparison.Ordinal);
        Assert.Contains("RARLHF_POSTGRES", stderr, StringComparison.Ordinal);
    }
}
