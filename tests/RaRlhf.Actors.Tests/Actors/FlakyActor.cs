using RaRlhf.Actors.Actors;

namespace RaRlhf.Actors.Tests.Actors;

/// <summary>Throws on the first <c>FailFirst</c> deliveries of "boom" (counted across instances); answers delivery counts.</summary>
internal sealed class FlakyActor(FlakyActor.Shared shared) : Actor
{
    internal sealed class Shared
    {
        public int FailFirst { get; init; } = 1;

        public bool FailInPreStart { get; init; }

        public int Attempts;

        public int Instances;

        public int Stops;
    }

    protected override Task PreStartAsync()
    {
        var instance = Interlocked.Increment(ref shared.Instances);
        if (shared.FailInPreStart && instance == 1) throw new InvalidOperationException("pre-start failed");
        return Task.CompletedTask;
    }

    protected override Task PostStopAsync()
    {
        Interlocked.Increment(ref shared.Stops);
        return Task.CompletedTask;
    }

    protected override Task ReceiveAsync(object message)
    {
        if (message is "boom" && Interlocked.Increment(ref shared.Attempts) <= shared.FailFirst)
        {
            throw new InvalidOperationException($"boom attempt {shared.Attempts}");
        }

        Respond(Context.DeliveryCount);
        return Task.CompletedTask;
    }
}
