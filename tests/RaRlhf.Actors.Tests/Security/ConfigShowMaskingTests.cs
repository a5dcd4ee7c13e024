using RaRlhf.Actors.Configuration;

namespace RaRlhf.Actors.Tests.Security;

/// <summary>`rarlhf config show` (ConfigTool.Show) masks credentials embedded in any value, not only in secret-named keys.</summary>
public sealed class ConfigShowMaskingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rarlhf-show-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private (int Code, string Output) Show(bool json, bool showSecrets)
    {
        var path = Path.Combine(_dir, "node.conf");
        File.WriteAllText(path, """
            cluster.broker = ${?RARLHF_BROKER}
            cluster.mirrors = ["amqps://m:mirror-pw-3@mq2:5671/", "amqp://guest@mq3/"]
            persistence.postgres.connection_string = ${?RARLHF_POSTGRES}
            persistence.postgres.dsn = "Host=pg;Password=dsn-pw-4;Database=d"
            """);
        var output = new StringWriter();
        var env = new Dictionary<string, string>
        {
            ["RARLHF_BROKER"] = "amqp://rarlhf:broker-pw-1@rabbitmq:5672/",
            ["RARLHF_POSTGRES"] = "Host=pg;Username=u;Password=pg-pw-2;Database=d",
        };
        var code = ConfigTool.Show(path, [], json, output, new StringWriter(), name => env.GetValueOrDefault(name), showSecrets);
        return (code, output.ToString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Show_UrisAndConnectionStrings_PasswordsMaskedHostsKept(bool json)
    {
        var (code, output) = Show(json, showSecrets: false);

        Assert.Equal(ConfigTool.Ok, code);
        Assert.All(new[] { "broker-pw-1", "pg-pw-2", "mirror-pw-3", "dsn-pw-4" }, s => Assert.DoesNotContain(s, output));
        Assert.Contains("amqp://rarlhf:***@rabbitmq:5672/", output);
        Assert.Contains("amqps://m:***@mq2:5671/", output);
        Assert.Contains("Host=pg;Password=***;Database=d", output);
        Assert.Contains(ConfigRedaction.Placeholder, output); // connection_string: a secret-named key, wholly redacted
    }

    [Fact]
    public void Show_ShowSecrets_PrintsThemAsConfigured()
    {
        var (_, output) = Show(json: false, showSecrets: true);

        Assert.Contains("broker-pw-1", output);
        Assert.Contains("dsn-pw-4", output);
    }
}
