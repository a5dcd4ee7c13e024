using System.Diagnostics;
using Npgsql;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Tests.Persistence;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>
/// The PostgreSQL store over real TLS (<see cref="PostgresTlsServerFixture"/>): journal append and read with
/// <c>SSL Mode=Require</c> and with verify-full / verify-ca against the generated CA (the server's pg_stat_ssl must
/// report the session encrypted), a CA that did not sign the server certificate is refused, and so is a client
/// without TLS (pg_hba.conf allows hostssl only).
/// </summary>
public sealed class PostgresTlsTests(PostgresTlsServerFixture server, ITestOutputHelper output) : IClassFixture<PostgresTlsServerFixture>
{
    [Theory]
    [InlineData("require", false)]
    [InlineData("verify-ca", true)]
    [InlineData("verify-full", true)]
    public async Task Journal_OverTls_AppendsAndReadsOnAnEncryptedSession(string sslMode, bool withCa)
    {
        var connection = PostgresConnection.Build(server.ConnectionString, sslMode, withCa ? server.CaCertificate : null);
        var schema = PostgresServerFixture.NewSchema();
        await using (var store = await PostgresPersistence.OpenAsync(connection, TestPayloads.Serializer(), schema))
        {
            var id = TestPayloads.NewId();
            await store.Journal.AppendAsync(id, 0, [new CounterIncremented(3), new CounterIncremented(4)]);
            var events = await store.Journal.ReadAsync(id, 1);
            Assert.Equal([3, 4], events.Select(e => ((CounterIncremented)e.Event).By));
        }

        var (ssl, version) = await SessionTlsAsync(connection);
        output.WriteLine($"ssl_mode {sslMode}: session ssl = {ssl}, {version}");
        Assert.True(ssl, "pg_stat_ssl says the session is not encrypted");
        Assert.StartsWith("TLSv1.", version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_VerifyFullWithAnotherCa_RefusedBeforeAnyQuery()
    {
        var other = Path.Combine(Path.GetTempPath(), $"rarlhf-other-ca-{Guid.NewGuid():N}.pem");
        try
        {
            OtherCa(other);
            var connection = PostgresConnection.Build(server.ConnectionString, "verify-full", other);
            var error = await Assert.ThrowsAnyAsync<Exception>(() => PostgresPersistence.OpenAsync(connection, TestPayloads.Serializer(), PostgresServerFixture.NewSchema()));
            output.WriteLine($"{error.GetType().Name}: {error.Message} / {error.InnerException?.Message}");
            Assert.True(error is NpgsqlException or System.Security.Authentication.AuthenticationException, $"unexpected {error}");
        }
        finally
        {
            File.Delete(other);
        }
    }

    [Fact]
    public async Task Open_ClientWithoutTls_RefusedByTheServer()
    {
        var connection = PostgresConnection.Build(server.ConnectionString, "disable");
        var error = await Assert.ThrowsAsync<PostgresException>(() => PostgresPersistence.OpenAsync(connection, TestPayloads.Serializer(), PostgresServerFixture.NewSchema()));
        output.WriteLine(error.Message);
        Assert.Equal("28000", error.SqlState); // invalid_authorization_specification: pg_hba.conf rejects it
        Assert.Contains("no encryption", error.Message, StringComparison.Ordinal);
    }

    private static async Task<(bool Ssl, string Version)> SessionTlsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()", connection);
        await using var reader = await query.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetBoolean(0), reader.GetString(1));
    }

    /// <summary>A self-signed CA that signed nothing of this server's.</summary>
    private static void OtherCa(string pem)
    {
        var key = pem + ".key";
        var start = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=not the server's CA", "-keyout", key, "-out", pem })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot run openssl (see .ci/run)");
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        File.Delete(key);
        Assert.True(process.ExitCode == 0, $"openssl failed: {errors}");
    }
}
