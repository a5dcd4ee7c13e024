using System.Text.RegularExpressions;
using Npgsql;

namespace RaRlhf.Actors.Persistence.Postgres;

/// <summary>
/// A pooled connection source on one schema of a PostgreSQL database, shared by the journal, snapshot and blob
/// stores. Opening creates the schema and its tables idempotently. <see cref="Location"/> names the server, database
/// and schema for errors and logs; it never contains the password.
/// </summary>
public sealed partial class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;

    private PostgresDatabase(NpgsqlDataSource dataSource, string schema, string location)
    {
        _dataSource = dataSource;
        Schema = schema;
        Location = location;
    }

    /// <summary>The schema holding the tables.</summary>
    public string Schema { get; }

    /// <summary><c>postgres host:port/database schema s</c>, without credentials.</summary>
    public string Location { get; }

    /// <summary>
    /// Connects to <paramref name="connectionString"/> (Npgsql syntax; TLS through its <c>SSL Mode</c> keys) and
    /// creates <paramref name="schema"/> (lowercase letters, digits, underscores) with its tables if missing.
    /// </summary>
    public static async Task<PostgresDatabase> OpenAsync(string connectionString, string schema = "rarlhf",
        CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException(
                $"schema name '{schema}' is not allowed: use lowercase letters, digits and '_' (at most 63)", nameof(schema));
        }

        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var location = $"postgres {builder.Host}:{builder.Port}/{builder.Database} schema {schema}";
        var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            await PostgresSchema.CreateAsync(dataSource, schema, location, cancellation).ConfigureAwait(false);
        }
        catch
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new PostgresDatabase(dataSource, schema, location);
    }

    /// <summary>A schema-qualified table name.</summary>
    internal string Table(string name) => $"{Schema}.{name}";

    internal ValueTask<NpgsqlConnection> ConnectAsync(CancellationToken cancellation) =>
        _dataSource.OpenConnectionAsync(cancellation);

    /// <summary>Closes every pooled connection.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}
