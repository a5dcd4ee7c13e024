using System.Diagnostics;
using RaRlhf.Actors.Actors;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Actors;

public sealed class ActorSupervisionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private static ActorOptions Fast(bool redeliver = true, int maxFailures = 5) => new()
    {
        Supervision = new SupervisorStrategy
        {
            MinBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(5),
            MaxFailures = maxFailures,
            RedeliverInFlight = redeliver,
        },
    };

    [Fact]
    public async Task Failure_RedeliverInFlight_RestartsAndRedeliversTheMessage()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var shared = new FlakyActor.Shared { FailFirst = 2 };
        var actor = system.Spawn("flaky", () => new FlakyActor(shared), Fast());

        var deliveries = await actor.AskAsync<int>("boom", Timeout);

        Assert.Equal(3, deliveries);
        Assert.Equal(3, shared.Instances);
        Assert.Equal(2, shared.Stops);
        Assert.Equal(0, system.DeadLetterCount);
    }

    [Fact]
    public async Task Failure_NoRedelivery_FailsAskWithCauseAndDeadLetters()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var shared = new FlakyActor.Shared { FailFirst = 1 };
        var actor = system.Spawn("flaky", () => new FlakyActor(shared), Fast(redeliver: false));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.AskAsync<int>("boom", Timeout));
        var next = await actor.AskAsync<int>("fine", Timeout);

        Assert.Contains("boom attempt 1", error.Message);
        Assert.Equal(1, next);
        Assert.Equal(2, shared.Instances);
        Assert.Equal(1, system.DeadLetterCount);
    }

    [Fact]
    public async Task PreStartFailure_CountsAsFailure_RestartsInstance()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var shared = new FlakyActor.Shared { FailFirst = 0, FailInPreStart = true };
        var actor = system.Spawn("fragile", () => new FlakyActor(shared), Fast());

        var deliveries = await actor.AskAsync<int>("hello", Timeout);

        Assert.Equal(1, deliveries);
        Assert.Equal(2, shared.Instances);
    }

    [Fact]
    public async Task Failures_MoreThanMaxInWindow_EscalateAndStopSystemNamingActor()
    {
        var system = new ActorSystem("test", Logger.None);
        var shared = new FlakyActor.Shared { FailFirst = int.MaxValue };
        var actor = system.Spawn("doomed", () => new FlakyActor(shared), Fast(maxFailures: 2));
        var bystander = system.Spawn("bystander", () => new RecordingActor(new RecordingActor.Journal()));

        var askError = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.AskAsync<int>("boom", Timeout));
        var error = await Assert.ThrowsAsync<ActorEscalationException>(() => system.WhenTerminated.WaitAsync(Timeout));

        Assert.Equal(3, shared.Attempts); // two restarts allowed, the third failure escalates
        Assert.Equal("doomed", error.ActorName);
        Assert.Contains("'doomed'", error.Message);
        Assert.Contains("boom attempt 3", error.Message);
        Assert.Contains("boom attempt 3", askError.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Null(system.Lookup("bystander"));
        await Assert.ThrowsAsync<ActorStoppedException>(() => bystander.AskAsync<object>("late", Timeout));
    }

    [Fact]
    public async Task Restart_MinBackoff_WaitsAtLeastTheBackoff()
    {
        await using var system = new ActorSystem("test", Logger.None);
        var shared = new FlakyActor.Shared { FailFirst = 1 };
        var options = new ActorOptions
        {
            Supervision = new SupervisorStrategy { MinBackoff = TimeSpan.FromMilliseconds(120) },
        };
        var actor = system.Spawn("flaky", () => new FlakyActor(shared), options);

        var clock = Stopwatch.StartNew();
        await actor.AskAsync<int>("boom", Timeout);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(110), $"restarted after {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Backoff_DelayFor_GrowsByFactorAndCapsAtMax()
    {
        var strategy = new SupervisorStrategy
        {
            MinBackoff = TimeSpan.FromMilliseconds(10),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            Factor = 3,
        };
        var backoff = new Backoff(strategy);

        double[] expected = [10, 30, 90, 100, 100];
        var actual = Enumerable.Range(1, 5).Select(k => backoff.DelayFor(k).TotalMilliseconds).ToArray();

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Backoff_SeededJitter_IsReproducibleAndWithinFraction()
    {
        var strategy = new SupervisorStrategy
        {
            MinBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            JitterFraction = 0.5,
            JitterSeed = 42,
        };
        var first = new Backoff(strategy);
        var second = new Backoff(strategy);
        var other = new Backoff(strategy with { JitterSeed = 43 });

        var a = Enumerable.Range(1, 8).Select(first.DelayFor).ToArray();
        var b = Enumerable.Range(1, 8).Select(second.DelayFor).ToArray();
        var c = Enumerable.Range(1, 8).Select(other.DelayFor).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(a, d => Assert.InRange(d.TotalMilliseconds, 100, 150));
    }

    [Fact]
    public void Validate_FactorBelowOne_ThrowsNamingSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new SupervisorStrategy { Factor = 0.5 }.Validate());

        Assert.Contains("Factor", error.Message);
    }
}
