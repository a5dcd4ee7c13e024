namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>persistence { }</c>: which store backs the journal, snapshots and blobs.</summary>
public sealed record PersistenceSection(string Backend, string SqlitePath, string PostgresConnectionString, int SnapshotEvery)
{
    /// <summary><c>postgres.ssl_mode</c>: "" = as the connection string says; else disable … verify-full.</summary>
    public string PostgresSslMode { get; init; } = "";

    /// <summary><c>postgres.root_certificate</c>: PEM file of the CA that signed the server certificate ("" = none).</summary>
    public string PostgresRootCertificate { get; init; } = "";

    /// <summary><c>postgres.password_file</c>: the password is read from this file ("" = from the connection string).</summary>
    public string PostgresPasswordFile { get; init; } = "";

    /// <summary>The connection string with the TLS and password-file options applied (<see cref="Persistence.Postgres.PostgresConnection"/>).</summary>
    public string PostgresConnection() => Persistence.Postgres.PostgresConnection.Build(
        PostgresConnectionString, PostgresSslMode, PostgresRootCertificate, PostgresPasswordFile);

    public static PersistenceSection Read(SettingsReader r)
    {
        var section = new PersistenceSection(
            r.Choice("backend", "sqlite", "postgres"),
            r.String("sqlite.path", p => p.Length > 0, "must not be empty"),
            r.String("postgres.connection_string"),
            r.Int("snapshot_every", v => v >= 1, "must be ≥ 1"))
        {
            PostgresSslMode = r.String("postgres.ssl_mode", IsSslMode, "must be empty or one of disable, allow, prefer, require, verify-ca, verify-full"),
            PostgresRootCertificate = r.String("postgres.root_certificate"),
            PostgresPasswordFile = r.String("postgres.password_file"),
        };
        if (section is { Backend: "postgres", PostgresConnectionString.Length: 0 })
        {
            r.Reject("postgres.connection_string", "\"\"", "must be set when persistence.backend = postgres (or set RARLHF_POSTGRES)");
        }

        return section;
    }

    private static bool IsSslMode(string value)
    {
        if (value.Length == 0) return true;
        try
        {
            Persistence.Postgres.PostgresConnection.ParseSslMode(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
