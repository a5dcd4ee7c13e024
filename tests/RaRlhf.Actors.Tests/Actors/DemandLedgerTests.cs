using RaRlhf.Actors.Actors;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Actors;

public sealed class DemandLedgerTests
{
    [Fact]
    public async Task TryClaim_TwoRequesters_RoundRobinUntilDemandIsMet()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var a = system.Spawn("a", () => new RecordingActor(new RecordingActor.Journal()));
        var b = system.Spawn("b", () => new RecordingActor(new RecordingActor.Journal()));
        var ledger = new DemandLedger();

        ledger.Add(new WorkRequest(3, a));
        ledger.Add(new WorkRequest(1, b));
        ledger.Add(new WorkRequest(1, b));
        var order = new List<string>();
        while (ledger.TryClaim(out var requester)) order.Add(requester.Name);

        Assert.Equal(["a", "b", "a", "b", "a"], order);
        Assert.Equal(0, ledger.Outstanding);
    }

    [Fact]
    public async Task Forget_StoppedRequester_DropsOnlyItsDemand()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var a = system.Spawn("a", () => new RecordingActor(new RecordingActor.Journal()));
        var b = system.Spawn("b", () => new RecordingActor(new RecordingActor.Journal()));
        var ledger = new DemandLedger();
        ledger.Add(new WorkRequest(2, a));
        ledger.Add(new WorkRequest(4, b));

        var dropped = ledger.Forget(a);

        Assert.Equal(2, dropped);
        Assert.Equal(4, ledger.Outstanding);
        Assert.True(ledger.TryClaim(out var next));
        Assert.Same(b, next);
    }

    [Fact]
    public void Add_NonPositiveCount_ThrowsNamingRequester()
    {
        var system = new ActorSystem("test", Logger.None);
        var a = system.Spawn("asker", () => new RecordingActor(new RecordingActor.Journal()));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DemandLedger().Add(new WorkRequest(0, a)));

        Assert.Contains("asker", error.Message);
    }
}
