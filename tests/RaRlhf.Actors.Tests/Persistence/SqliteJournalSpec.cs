using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Sqlite;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Runs <see cref="JournalSpec"/> against <see cref="SqliteEventJournal"/> on a real file.</summary>
public sealed class SqliteJournalSpec : JournalSpec
{
    private readonly SqliteStoreFixture _fixture = new();
    private readonly Dictionary<IEventJournal, SqliteDatabase> _databases = [];

    protected override Task<IEventJournal> OpenAsync(PayloadSerializer serializer)
    {
        var database = _fixture.Open();
        var journal = new SqliteEventJournal(database, serializer);
        _databases[journal] = database;
        return Task.FromResult<IEventJournal>(journal);
    }

    protected override Task CloseAsync(IEventJournal journal)
    {
        _databases[journal].Dispose();
        return Task.CompletedTask;
    }

    protected override Task CorruptPayloadAsync(string persistenceId, long sequenceNr)
    {
        _fixture.CorruptPayload("journal", persistenceId, sequenceNr);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        _fixture.Dispose();
        return Task.CompletedTask;
    }
}
