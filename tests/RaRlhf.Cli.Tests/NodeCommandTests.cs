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

    [Fact]
    public void Node_TaskWorkloadWithoutIterationsOnRolloutNode_Exit2NamingKey()
    {
        var config = Path.Combine(Testing.TestData.RepoRoot, "hocon", "cluster-imdb.conf");
        var (code, _, stderr) = CliRunner.Run("node", "--roles", "rollout", "--config", config, "--set", "run.iterations=0",
            "--set", "persistence.postgres.connection_string=\"Host=127.0.0.1\"", "--set", $"model.tokenizer=\"{Path.Combine(Testing.TestData.RepoRoot, "assets", "imdb", "tokenizer")}\"",
            "--set", $"model.policy=\"{Path.Combine(Testing.TestData.RepoRoot, "assets", "imdb", "sft")}\"");
        Assert.Equal(2, code);
        Assert.Contains("run.iterations", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Node_UnknownWorkload_Exit2ListingChoices()
    {
        var (code, _, stderr) = CliRunner.Run("node", "--roles", "all", "--set", "cluster.workload=huge",
            "--set", "persistence.postgres.connection_string=\"Host=127.0.0.1\"");
        Assert.Equal(2, code);
        Assert.Contains("cluster.workload", stderr, StringComparison.Ordinal);
        Assert.Contains("tiny | task", stderr, StringComparison.Ordinal);
    }
}
