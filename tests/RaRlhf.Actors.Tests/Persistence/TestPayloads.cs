using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

/// <summary>Event: a counter grew by <paramref name="By"/>.</summary>
public sealed record CounterIncremented(int By);

/// <summary>Event with a free-size text (large-payload tests).</summary>
public sealed record NoteWritten(string Text);

/// <summary>Snapshot of a counter.</summary>
public sealed record CounterState(long Total, int Events);

/// <summary>The serializer the specs use: every test payload type registered.</summary>
internal static class TestPayloads
{
    public static PayloadSerializer Serializer() => new(Registry());

    public static PayloadTypeRegistry Registry() => new PayloadTypeRegistry()
        .Register<CounterIncremented>("test.counter-incremented")
        .Register<NoteWritten>("test.note-written")
        .Register<CounterState>("test.counter-state");

    public static string NewId() => $"spec-{Guid.NewGuid():N}";
}
