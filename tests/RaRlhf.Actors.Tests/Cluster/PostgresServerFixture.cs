using Npgsql;

using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>
/// A real PostgreSQL server for the whole test run (xUnit collection fixture): <c>tools/services/postgres.sh</c> starts
/// it on a free 127.0.0.1 port in a temp directory and stops it at the end, also when the run is aborted.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rarlhf-pg-{Guid.NewGuid():N}"[..24]);
    private int _stopped;

    /// <summary>The server's port on 127.0.0.1.</summary>
    public int Port { get; } = ServiceScript.FreePorts(1);

    /// <summary>The test database every spec uses (each test in its own schema).</summary>
    public string ConnectionString => Connect("rarlhf_test");

    public async Task InitializeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAsync().GetAwaiter().GetResult();
        await ServiceScript.RunAsync("postgres.sh", "start", _directory, Port, "postgresql", TimeSpan.FromSeconds(90));
        await using var connection = new NpgsqlConnection(Connect("postgres"));
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE rarlhf_test", connection);
        await create.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => StopAsync();

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string Connect(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    /// <summary>A fresh schema name for one test.</summary>
    public static string NewSchema() => $"t_{Guid.NewGuid():N}";

    /// <summary>Runs one statement on the test database over its own connection.</summary>
    public async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    private async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        NpgsqlConnection.ClearAllPools();
        await ServiceScript.StopAndDeleteAsync("postgres.sh", _directory, Port, "postgresql", TimeSpan.FromSeconds(30));
    }
}
