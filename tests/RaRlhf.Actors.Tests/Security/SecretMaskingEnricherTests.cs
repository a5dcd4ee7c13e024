using RaRlhf.Actors.Logging;
using RaRlhf.Actors.Security;
using RaRlhf.Actors.Transport.RabbitMq;
using Serilog;

namespace RaRlhf.Actors.Tests.Security;

public sealed class SecretMaskingEnricherTests
{
    private static string LogClef(Action<ILogger> log, bool mask)
    {
        var output = new StringWriter();
        var configuration = new LoggerConfiguration().MinimumLevel.Verbose();
        if (mask) configuration = configuration.Enrich.With(new SecretMaskingEnricher());
        using (var logger = configuration.WriteTo.Sink(new TextWriterSink(output, new ClefFormatter())).CreateLogger())
        {
            log(logger);
        }

        return output.ToString();
    }

    private static void LogSecrets(ILogger logger)
    {
        logger.Information("connecting to {Broker} and {Database}", "amqp://u:broker-pw-1@mq:5672/",
            "Host=pg;Username=u;Password=pg-pw-2;Database=d");
        logger.Information("settings {@Settings}", new RabbitMqSettings { Host = "mq", Password = "settings-pw-3", TlsClientCertificatePassword = "cert-pw-4" });
        logger.Information("nodes {Nodes}", new[] { "amqp://a:list-pw-5@mq1/", "amqp://b@mq2/" });
        logger.Information("by name {Password} {ApiKey}", "plain-pw-6", "key-7");
    }

    [Fact]
    public void Enrich_PropertiesStructuresAndListsWithSecrets_NoSecretReachesTheClef()
    {
        var unmasked = LogClef(LogSecrets, mask: false);
        var masked = LogClef(LogSecrets, mask: true);

        string[] secrets = ["broker-pw-1", "pg-pw-2", "settings-pw-3", "cert-pw-4", "list-pw-5", "plain-pw-6", "key-7"];
        Assert.All(secrets, s => Assert.Contains(s, unmasked)); // without the enricher they would leak
        Assert.All(secrets, s => Assert.DoesNotContain(s, masked));
        Assert.Contains("amqp://u:***@mq:5672/", masked);
        Assert.Contains("Host=pg;Username=u;Password=***;Database=d", masked);
        Assert.Contains("amqp://b@mq2/", masked);
        Assert.Contains("\"Host\":\"mq\"", masked);
    }
}
