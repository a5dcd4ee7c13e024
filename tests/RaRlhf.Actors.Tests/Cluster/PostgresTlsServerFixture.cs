using Npgsql;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>
/// A second real PostgreSQL that accepts TCP connections only over TLS: <c>tools/services/postgres.sh … ssl</c> makes a
/// private CA and a server certificate for 127.0.0.1 with openssl (<see cref="CaCertificate"/>), sets <c>ssl = on</c>
/// and allows only <c>hostssl</c> in pg_hba.conf. Stopped and removed at the end (or by the script's watcher).
/// </summary>
public sealed class PostgresTlsServerFixture : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Tls = new() { ["RARLHF_TEST_POSTGRES_TLS"] = "1" };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"rarlhf-pgtls-{Guid.NewGuid():N}"[..27]);

    public int Port { get; } = ServiceScript.FreePorts(1);

    /// <summary>PEM of the CA that signed the server certificate.</summary>
    public string CaCertificate => Path.Combine(_directory, "tls", "ca.pem");

    /// <summary>Connection string of the test database without any TLS setting (the caller adds SSL Mode).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=rarlhf_tls;Pooling=false;Timeout=15";

    public async Task InitializeAsync()
    {
        await ServiceScript.RunAsync("postgres.sh", "start", _directory, Port, "postgresql", TimeSpan.FromSeconds(90), Tls);
        await using var connection = new NpgsqlConnection(ConnectionString.Replace("rarlhf_tls", "postgres", StringComparison.Ordinal) + ";SSL Mode=Require");
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE DATABASE rarlhf_tls", connection);
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await ServiceScript.StopAndDeleteAsync("postgres.sh", _directory, Port, "postgresql", TimeSpan.FromSeconds(30));
    }
}
