using System.Net;
using System.Net.Sockets;
using Npgsql;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// A real PostgreSQL and a real RabbitMQ for the node tests (xUnit collection fixture), started with
/// tools/services/{postgres,rabbitmq}.sh on free 127.0.0.1 ports in a temp directory and stopped at the end; the scripts'
/// watcher stops them if the test host dies first. The broker can be stopped and started again (durable queues and
/// persistent messages survive). Each test uses its own run name, i.e. its own queues and database schema.
/// </summary>
public sealed class NodeServers : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rarlhf-nodes-{Guid.NewGuid():N}"[..26]);

    public int PostgresPort { get; } = ServiceScript.FreePorts(1);

    /// <summary>AMQP port (the node also uses +1 for Erlang distribution and +2 for epmd).</summary>
    public int BrokerPort { get; } = ServiceScript.FreePorts(3);

    /// <summary>RARLHF_BROKER for the nodes: the script's default user and loopback-only password.</summary>
    public string BrokerUri => $"amqp://rarlhf:loopback-only-secret@127.0.0.1:{BrokerPort}/";

    /// <summary>RARLHF_POSTGRES for the nodes.</summary>
    public string PostgresConnectionString => $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database=rarlhf_nodes;Timeout=15";

    public async Task InitializeAsync()
    {
        await RunScriptAsync("postgres.sh", "start", "pg", PostgresPort, "postgresql", TimeSpan.FromSeconds(90));
        await using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database=postgres;Pooling=false"))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE rarlhf_nodes", connection);
            await create.ExecuteNonQueryAsync();
        }

        await StartBrokerAsync();
    }

    /// <summary>Starts the broker (again). The script gives up after 60 s but leaves the node starting; on a loaded
    /// machine a restart can take longer (its durable queues are recovered first), so wait up to 3 more minutes.</summary>
    public async Task StartBrokerAsync()
    {
        try
        {
            await RunScriptAsync("rabbitmq.sh", "start", "mq", BrokerPort, "rabbitmq-server", TimeSpan.FromSeconds(120));
        }
        catch (InvalidOperationException e) when (e.Message.Contains("no AMQP answer", StringComparison.Ordinal))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            while (!await AmqpAnswersAsync())
            {
                if (DateTime.UtcNow > deadline) throw;
                await Task.Delay(500);
            }
        }
    }

    public Task StopBrokerAsync() => RunScriptAsync("rabbitmq.sh", "stop", "mq", BrokerPort, "rabbitmq-server", TimeSpan.FromSeconds(60));

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopBrokerAsync();
            await RunScriptAsync("postgres.sh", "stop", "pg", PostgresPort, "postgresql", TimeSpan.FromSeconds(30));
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

    private Task RunScriptAsync(string script, string command, string sub, int port, string package, TimeSpan timeout) =>
        ServiceScript.RunAsync(script, command, Path.Combine(_directory, sub), port, package, timeout);

    /// <summary>Whether the port answers the AMQP protocol header with a method frame (type 1), as the script checks.</summary>
    private async Task<bool> AmqpAnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.ConnectAsync(IPAddress.Loopback, BrokerPort, limit.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("AMQP\0\0\u0009\u0001"u8.ToArray(), limit.Token);
            var frame = new byte[1];
            return await stream.ReadAsync(frame, limit.Token) == 1 && frame[0] == 1;
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
