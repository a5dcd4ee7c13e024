namespace RaRlhf.Actors.Configuration.Settings;

/// <summary><c>persistence { }</c>: which store backs the journal, snapshots and blobs.</summary>
public sealed record PersistenceSection(string Backend, string SqlitePath, string PostgresConnectionString, int SnapshotEvery)
{
    public static PersistenceSection Read(SettingsReader r)
    {
        var section = new PersistenceSection(
            r.Choice("backend", "sqlite", "postgres"),
            r.String("sqlite.path", p => p.Length > 0, "must not be empty"),
            r.String("postgres.connection_string"),
            r.Int("snapshot_every", v => v >= 1, "must be ≥ 1"));
        if (section is { Backend: "postgres", PostgresConnectionString.Length: 0 })
        {
            r.Reject("postgres.connection_string", "\"\"", "must be set when persistence.backend = postgres (or set RARLHF_POSTGRES)");
        }

        return section;
    }
}
