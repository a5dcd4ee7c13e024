using Npgsql;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Tests.Cluster;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Security;

/// <summary>
/// Real connection attempts to the test PostgreSQL server (a role that does not exist; a port nobody listens on),
/// logged through the production pipeline: the connection string's password never reaches a log.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseSecretLoggingTests(PostgresServerFixture server)
{
    private static readonly PayloadSerializer Serializer = new(new PayloadTypeRegistry());

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task OpenAsync_RejectedOrUnreachable_ErrorLoggedWithoutThePassword(bool reachable)
    {
        const string password = "pg-pw-5e7a";
        var port = reachable ? server.Port : ServiceScript.FreePorts(1);
        var connectionString = $"Host=127.0.0.1;Port={port};Username=nobody_{Guid.NewGuid():N};Password={password};Database=rarlhf_test;Timeout=5";
        using var log = new ClefLog("learner");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => PostgresPersistence.OpenAsync(connectionString, Serializer, "s"));
        log.Logging.Logger.Error(error, "cannot open the store {ConnectionString}", RaRlhf.Actors.Security.SecretRedactor.Redact(connectionString));
        var text = log.Finish();

        Assert.IsAssignableFrom<NpgsqlException>(error is NpgsqlException ? error : error.InnerException);
        Assert.Contains(reachable ? "nobody_" : $"{port}", text);
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain(password, error.ToString());
    }
}
