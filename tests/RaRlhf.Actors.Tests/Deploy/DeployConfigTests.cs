using RaRlhf.Actors.Configuration;

namespace RaRlhf.Actors.Tests.Deploy;

/// <summary>deploy/config/cluster.conf loads on top of the shipped defaults and takes its secrets from the environment.</summary>
public sealed class DeployConfigTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["RARLHF_BROKER"] = "amqp://rarlhf:broker-secret-1@rabbitmq:5672/",
        ["RARLHF_POSTGRES"] = "Host=postgres;Port=5432;Username=rarlhf;Password=pg-secret-2;Database=rarlhf",
        ["RARLHF_SEQ_URL"] = "http://seq:5341",
        ["RARLHF_SEQ_API_KEY"] = "seq-secret-3",
        ["RARLHF_RUN"] = "run_42",
    };

    [Fact]
    public void Load_WithTheNodeEnvironment_TakesBrokerDatabaseAndSeqFromIt()
    {
        var config = DeployConfig.Load(name => Environment.GetValueOrDefault(name));

        Assert.Equal(Environment["RARLHF_BROKER"], config.GetString("cluster.broker"));
        Assert.Equal("run_42", config.GetString("cluster.run"));
        Assert.Equal("/data/runs/run_42", config.GetString("run.dir"));
        Assert.Equal("postgres", config.GetString("persistence.backend"));
        Assert.Equal(Environment["RARLHF_POSTGRES"], config.GetString("persistence.postgres.connection_string"));
        Assert.Equal("http://seq:5341", config.GetString("logging.seq.url"));
        Assert.False(config.GetBool("logging.file.enabled"));
    }

    [Fact]
    public void Show_DeployConfig_MasksEverySecretButKeepsTheHosts()
    {
        var config = DeployConfig.Load(name => Environment.GetValueOrDefault(name));

        var shown = config.Root is var root ? RaRlhf.Actors.Configuration.Hocon.HoconRenderer.Render(ConfigRedaction.Redact(root), json: false) : "";

        Assert.DoesNotContain("broker-secret-1", shown);
        Assert.DoesNotContain("pg-secret-2", shown);
        Assert.DoesNotContain("seq-secret-3", shown);
        Assert.Contains("amqp://rarlhf:***@rabbitmq:5672/", shown);
    }
}
