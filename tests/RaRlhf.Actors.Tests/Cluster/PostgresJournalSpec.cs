using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Persistence.Postgres;
using RaRlhf.Actors.Tests.Persistence;

namespace RaRlhf.Actors.Tests.Cluster;

/// <summary>Runs <see cref="JournalSpec"/> against <see cref="PostgresEventJournal"/> on a real server, fresh schema per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalSpec(PostgresServerFixture server) : JournalSpec
{
    private readonly PostgresSpecSchema _schema = new(server);
    private readonly Dictionary<IEventJournal, PostgresDatabase> _databases = [];

    protected override async Task<IEventJournal> OpenAsync(PayloadSerializer serializer)
    {
        var database = await _schema.OpenAsync();
        var journal = new PostgresEventJournal(database, serializer);
        _databases[journal] = database;
        return journal;
    }

    protected override async Task CloseAsync(IEventJournal journal) => await _databases[journal].DisposeAsync();

    protected override Task CorruptPayloadAsync(string persistenceId, long sequenceNr) =>
        _schema.CorruptPayloadAsync("journal", persistenceId, sequenceNr);

    public override async Task DisposeAsync() => await _schema.DisposeAsync();
}
