using RaRlhf.Actors.Actors;

namespace RaRlhf.Actors.Tests.Actors;

/// <summary>Records what it handled and how many handlers ran at once; answers Asks with the message.</summary>
internal sealed class RecordingActor(RecordingActor.Journal journal) : Actor
{
    internal sealed class Journal
    {
        private int _running;

        public List<object> Handled { get; } = [];

        public int MaxConcurrency { get; private set; }

        public int Starts { get; set; }

        public int Stops { get; set; }

        public TaskCompletionSource Gate { get; set; } = CompletedGate();

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Enter()
        {
            var now = Interlocked.Increment(ref _running);
            lock (Handled) MaxConcurrency = Math.Max(MaxConcurrency, now);
            return now;
        }

        public void Leave() => Interlocked.Decrement(ref _running);

        private static TaskCompletionSource CompletedGate()
        {
            var gate = new TaskCompletionSource();
            gate.SetResult();
            return gate;
        }
    }

    protected override Task PreStartAsync()
    {
        journal.Starts++;
        return Task.CompletedTask;
    }

    protected override Task PostStopAsync()
    {
        journal.Stops++;
        return Task.CompletedTask;
    }

    protected override async Task ReceiveAsync(object message)
    {
        journal.Enter();
        try
        {
            journal.Entered.TrySetResult();
            await Task.Yield();
            await journal.Gate.Task.WaitAsync(Context.Stopping);
            lock (journal.Handled) journal.Handled.Add(message);
            Respond(message);
        }
        finally
        {
            journal.Leave();
        }
    }
}
