using Microsoft.Data.Sqlite;
using RaRlhf.Actors.Persistence.Sqlite;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>A SQLite file in a temp directory for one spec test; closes every handle it opened.</summary>
internal sealed class SqliteStoreFixture : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly List<SqliteDatabase> _open = [];

    public string DatabasePath => Path.Combine(_directory.Path, SqliteDatabase.DefaultFileName);

    public string RunDirectory => _directory.Path;

    public SqliteDatabase Open()
    {
        var database = SqliteDatabase.Open(DatabasePath);
        _open.Add(database);
        return database;
    }

    /// <summary>Flips the first payload byte of one row, through a separate raw connection.</summary>
    public void CorruptPayload(string table, string persistenceId, long sequenceNr)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var select = connection.CreateCommand();
        select.CommandText = $"SELECT payload FROM {table} WHERE persistence_id = $id AND sequence_nr = $seq";
        select.Parameters.AddWithValue("$id", persistenceId);
        select.Parameters.AddWithValue("$seq", sequenceNr);
        var payload = select.ExecuteScalar() as byte[]
            ?? throw new InvalidOperationException($"no {table} row {persistenceId} #{sequenceNr}");
        payload[payload.Length / 2] ^= 0x01;
        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE {table} SET payload = $payload WHERE persistence_id = $id AND sequence_nr = $seq";
        update.Parameters.AddWithValue("$payload", payload);
        update.Parameters.AddWithValue("$id", persistenceId);
        update.Parameters.AddWithValue("$seq", sequenceNr);
        update.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var database in _open) database.Dispose();
        _directory.Dispose();
    }
}
