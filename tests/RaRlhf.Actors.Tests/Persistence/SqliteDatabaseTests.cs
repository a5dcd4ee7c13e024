using Microsoft.Data.Sqlite;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Sqlite;

namespace RaRlhf.Actors.Tests.Persistence;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDirectory _run = new();

    public void Dispose() => _run.Dispose();

    private string DatabasePath => Path.Combine(_run.Path, SqliteDatabase.DefaultFileName);

    private long Pragma(string name)
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        var value = command.ExecuteScalar();
        return value is string text ? text == "wal" ? 1 : 0 : Convert.ToInt64(value);
    }

    [Fact]
    public void Open_NewFile_UsesWalAndCurrentSchemaVersion()
    {
        using (SqliteDatabase.OpenInRunDirectory(_run.Path))
        {
        }

        Assert.Equal(1, Pragma("journal_mode"));
        Assert.Equal(1, Pragma("user_version"));
    }

    [Fact]
    public void Open_NewerSchemaVersion_ThrowsNamingFileAndVersions()
    {
        using (SqliteDatabase.Open(DatabasePath))
        {
        }

        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            using var bump = connection.CreateCommand();
            bump.CommandText = "PRAGMA user_version = 9";
            bump.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(() => SqliteDatabase.Open(DatabasePath));

        Assert.Contains(DatabasePath, error.Message);
        Assert.Contains("schema version 9", error.Message);
    }

    [Fact]
    public void Open_FileIsNotSqlite_ThrowsStoreCorruptedNamingFile()
    {
        File.WriteAllText(DatabasePath, "this is not a database, it is a text file that is long enough to look odd");

        var error = Assert.Throws<StoreCorruptedException>(() => SqliteDatabase.Open(DatabasePath));

        Assert.Contains(DatabasePath, error.Message);
    }
}
