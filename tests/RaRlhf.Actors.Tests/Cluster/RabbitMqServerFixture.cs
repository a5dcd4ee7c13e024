using RaRlhf.Actors.Transport.RabbitMq;

using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>
/// A real RabbitMQ broker for the whole test run (xUnit collection fixture): <c>tools/services/rabbitmq.sh</c> starts
/// it on free 127.0.0.1 ports in a temp directory and stops it at the end, also when the run is aborted. The fault
/// tests stop and start it again on the same directory and port (durable queues survive).
/// </summary>
public sealed class RabbitMqServerFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(120);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rarlhf-mq-{Guid.NewGuid():N}"[..24]);
    private int _disposed;

    /// <summary>The AMQP port on 127.0.0.1 (the node also uses Port+1 for distribution and Port+2 for epmd).</summary>
    public int Port { get; } = ServiceScript.FreePorts(3);

    /// <summary>The broker user's password (the script's default); the tests check it never reaches a log line.</summary>
    public const string Password = "loopback-only-secret";

    /// <summary>Settings for a client of this broker; a short recovery interval keeps restart tests quick.</summary>
    public RabbitMqSettings Settings(string client = "rarlhf-tests") => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        UserName = "rarlhf",
        Password = Password,
        ClientName = client,
        RecoveryInterval = TimeSpan.FromMilliseconds(500),
        MaxMessageBytes = 1 << 20,
    };

    public async Task InitializeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DisposeAsync().GetAwaiter().GetResult();
        await StartAsync();
    }

    /// <summary>Starts the broker (again) and waits until it accepts AMQP connections.</summary>
    public Task StartAsync() =>
        ServiceScript.RunAsync("rabbitmq.sh", "start", _directory, Port, "rabbitmq-server", StartLimit);

    /// <summary>Stops the broker (orderly; killed after 20 s).</summary>
    public Task StopAsync() =>
        ServiceScript.RunAsync("rabbitmq.sh", "stop", _directory, Port, "rabbitmq-server", TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await ServiceScript.StopAndDeleteAsync("rabbitmq.sh", _directory, Port, "rabbitmq-server", TimeSpan.FromSeconds(60));
    }
}
