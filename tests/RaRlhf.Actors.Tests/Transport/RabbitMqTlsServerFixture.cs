using RaRlhf.Actors.Tests.Cluster;
using RaRlhf.Actors.Transport.RabbitMq;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Transport;

/// <summary>
/// A second real broker with a TLS listener (<c>rabbitmq.sh</c> with <c>RARLHF_TEST_BROKER_TLS_DIR</c>) on
/// 127.0.0.1:Port+3, its certificate signed by a CA made for the run; a class fixture of <c>RabbitMqTlsTests</c>.
/// </summary>
public sealed class RabbitMqTlsServerFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rarlhf-mqtls-{Guid.NewGuid():N}"[..26]);
    private int _disposed;

    /// <summary>The plain AMQP port; TLS is on <see cref="TlsPort"/>.</summary>
    public int Port { get; } = ServiceScript.FreePorts(4);

    public int TlsPort => Port + 3;

    internal TestCertificates Certificates { get; private set; } = null!;

    /// <summary>Settings for the TLS listener, trusting the run's CA and expecting the name localhost.</summary>
    public RabbitMqSettings TlsSettings(string? caPath = null, string? serverName = "localhost") => new()
    {
        Host = "127.0.0.1",
        Port = TlsPort,
        UserName = "rarlhf",
        Password = RabbitMqServerFixture.Password,
        UseTls = true,
        TlsServerName = serverName,
        TlsCaCertificatePath = caPath ?? Certificates.CaPath,
        ClientName = "rarlhf-tls-tests",
    };

    public async Task InitializeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAsync().GetAwaiter().GetResult();
        Certificates = new TestCertificates(Path.Combine(_directory, "pki"));
        await RunAsync("start", TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try
        {
            await RunAsync("stop", TimeSpan.FromSeconds(60));
        }
        finally
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }

    /// <summary>The TLS variable goes to this child only (not to the shared broker).</summary>
    private Task RunAsync(string command, TimeSpan timeout) =>
        ServiceScript.RunAsync("rabbitmq.sh", command, Path.Combine(_directory, "broker"), Port, "rabbitmq-server", timeout,
            new Dictionary<string, string> { ["RARLHF_TEST_BROKER_TLS_DIR"] = Certificates.Directory });
}
