using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace RaRlhf.Actors.Tests.Deploy;

/// <summary>deploy/compose.yaml parses and wires every service: images, commands, environment, secrets, health.</summary>
public sealed partial class ComposeFileTests
{
    private static readonly string[] NodeServices = ["learner", "rollout", "reward"];

    private static YamlMappingNode Compose() => YamlFiles.Load(Path.Combine(YamlFiles.DeployDir, "compose.yaml")).Single();

    private static YamlMappingNode Service(string name) =>
        Compose().Get("services", name) as YamlMappingNode ?? throw new Xunit.Sdk.XunitException($"compose.yaml has no service '{name}'");

    [Fact]
    public void Services_AllRolesAndBackingServices_ArePresent()
    {
        var services = ((YamlMappingNode)Compose().Get("services")!).Children.Keys.Select(k => ((YamlScalarNode)k).Value).ToHashSet();

        Assert.Superset(new HashSet<string?> { "rabbitmq", "postgres", "seq", "learner", "rollout", "reward" }, services);
    }

    [Fact]
    public void NodeServices_RunTheImageWithNodeCommand_AndScaleByReplicas()
    {
        foreach (var name in NodeServices)
        {
            var service = Service(name);
            Assert.Matches(@"^\$\{RARLHF_IMAGE:-rarlhf:[a-z0-9.\-]+\}$", service.Text("image"));
            var command = service.Strings("command");
            Assert.Equal("node", command[0]);
            Assert.Equal(["--roles", "--config"], new[] { command[1], command[3] });
            Assert.Equal("/config/cluster.conf", command[4]);
            Assert.Contains(service.Strings("volumes"), v => v.StartsWith("./config/cluster.conf:/config/cluster.conf", StringComparison.Ordinal));
            Assert.Equal("1654:1654", service.Text("user"));
        }

        Assert.Equal("learner,coordinator", Service("learner").Strings("command")[2]);
        Assert.Equal("rollout", Service("rollout").Strings("command")[2]);
        Assert.Equal("reward", Service("reward").Strings("command")[2]);
        Assert.True(int.Parse(Service("rollout").Text("deploy", "replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(int.Parse(Service("reward").Text("deploy", "replicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(File.Exists(Path.Combine(YamlFiles.DeployDir, "config", "cluster.conf")));
    }

    [Fact]
    public void NodeServices_SetEveryVariableTheConfigReads()
    {
        var needed = DeployConfig.EnvironmentVariables();
        Assert.Contains("RARLHF_BROKER", needed);
        Assert.Contains("RARLHF_POSTGRES", needed);

        foreach (var name in NodeServices)
        {
            var environment = ((YamlMappingNode)Service(name).Get("environment")!).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();
            Assert.Superset(needed.Append("RARLHF_DATA").ToHashSet(), environment);
        }
    }

    [Fact]
    public void Secrets_ComeFromTheEnvFile_AndEveryRequiredVariableIsInTheExample()
    {
        var text = File.ReadAllText(Path.Combine(YamlFiles.DeployDir, "compose.yaml"));
        var required = RequiredVariable().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();
        var example = File.ReadAllLines(Path.Combine(YamlFiles.DeployDir, "env.example"))
            .Where(l => l.Contains('=', StringComparison.Ordinal) && !l.StartsWith('#'))
            .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        Assert.Superset(new HashSet<string> { "BROKER_PASSWORD", "POSTGRES_PASSWORD" }, required);
        Assert.Superset(required, example.Keys.ToHashSet());
        Assert.All(example.Where(e => e.Key.Contains("PASSWORD", StringComparison.Ordinal)), e => Assert.Equal("", e.Value));
        Assert.Contains(".env", File.ReadAllLines(Path.Combine(YamlFiles.DeployDir, ".gitignore")));
    }

    [Fact]
    public void Services_BrokerDatabaseAndNodes_HaveHealthchecksAndNodesWaitForThem()
    {
        foreach (var name in new[] { "rabbitmq", "postgres" }.Concat(NodeServices))
        {
            Assert.NotEmpty(Service(name).Strings("healthcheck", "test"));
        }

        foreach (var name in NodeServices)
        {
            Assert.Equal("service_healthy", Service(name).Text("depends_on", "rabbitmq", "condition"));
            Assert.Equal("service_healthy", Service(name).Text("depends_on", "postgres", "condition"));
        }
    }

    [GeneratedRegex(@"\$\{([A-Z0-9_]+):\?")]
    private static partial Regex RequiredVariable();
}
