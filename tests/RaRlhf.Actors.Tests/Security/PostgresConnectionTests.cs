using Npgsql;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Tests.Cluster;
using RaRlhf.Actors.Tests.Configuration;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Security;

/// <summary>
/// persistence.postgres TLS and password-file options: how they map onto the Npgsql connection string, and that they
/// take effect against the real test server (which has no TLS: require must fail, disable must work).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConnectionTests(PostgresServerFixture server) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rarlhf-pgconn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Build_SslModeRootCertificateAndPasswordFile_AppliedToTheConnectionString()
    {
        var root = Path.Combine(_dir, "root.pem");
        File.WriteAllText(root, "-----BEGIN CERTIFICATE-----\n");
        var passwordFile = Path.Combine(_dir, "pg_password");
        File.WriteAllText(passwordFile, "file-pw\n");

        var built = new NpgsqlConnectionStringBuilder(PostgresConnection.Build("Host=pg;Username=u;Password=old;Database=d", "verify-full", root, passwordFile));

        Assert.Equal((SslMode.VerifyFull, root, "file-pw", "pg"), (built.SslMode, built.RootCertificate, built.Password, built.Host));
        Assert.Equal("Host=pg;Database=d", PostgresConnection.Build("Host=pg;Database=d", "", "", ""));
    }

    [Fact]
    public void Build_BadModeMissingFileOrBadString_ClearErrorsWithoutThePassword()
    {
        var mode = Assert.Throws<FormatException>(() => PostgresConnection.Build("Host=pg", "verify-mostly"));
        var file = Assert.Throws<FileNotFoundException>(() => PostgresConnection.Build("Host=pg", rootCertificate: Path.Combine(_dir, "none.pem")));
        var bad = Assert.Throws<FormatException>(() => PostgresConnection.Build("Host=pg;Password=leak-pw;Nonsense Key=1"));

        Assert.Contains("verify-full", mode.Message);
        Assert.Contains("root_certificate", file.Message);
        Assert.DoesNotContain("leak-pw", bad.Message);
    }

    [Fact]
    public void Settings_SslModeKeys_ReadFromHoconAndValidated()
    {
        Config Load(params string[] sets) => ConfigLoader.LoadFile(Path.Combine(TestData.RepoRoot, "hocon", "local.conf"), sets, HoconFixtures.Env());

        var section = RunSettings.Load(Load("persistence.postgres.ssl_mode = verify-ca", "persistence.postgres.connection_string = \"Host=pg\"")).Persistence;
        var error = Assert.Throws<ConfigValidationException>(() => RunSettings.Load(Load("persistence.postgres.ssl_mode = sometimes")));

        Assert.Equal("verify-ca", section.PostgresSslMode);
        Assert.Equal(SslMode.VerifyCA, new NpgsqlConnectionStringBuilder(section.PostgresConnection()).SslMode);
        Assert.Contains(error.Errors, e => e.Contains("persistence.postgres.ssl_mode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Open_RequireTlsAgainstAServerWithout_FailsAndDisableConnects()
    {
        var schema = PostgresServerFixture.NewSchema();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PostgresDatabase.OpenAsync(PostgresConnection.Build(server.ConnectionString, "require"), schema));
        await using (var plain = await PostgresDatabase.OpenAsync(PostgresConnection.Build(server.ConnectionString, "disable"), schema))
        {
            Assert.Equal(schema, plain.Schema);
        }

        await server.ExecuteAsync($"DROP SCHEMA {schema} CASCADE");
        Assert.Contains("SSL", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
