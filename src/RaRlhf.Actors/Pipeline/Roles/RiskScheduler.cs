using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Rl.Risk;
using RiskLevel = RaRlhf.Actors.Pipeline.Messages.RiskLevel;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>
/// The soft-risk schedule as a role: answers B0(m) and α_m, and journals the iteration it reached
/// (<see cref="RiskIterationStarted"/>) so a restarted run can see where the schedule was.
/// </summary>
public sealed class RiskScheduler(IEventJournal journal, ISnapshotStore snapshots, RiskSchedule schedule)
    : PersistentActor(journal, snapshots)
{
    private readonly RiskSchedule _schedule = schedule.Validate();
    private int _iteration = -1;

    public override string PersistenceId => "risk-scheduler";

    protected override async Task ReceiveAsync(object message)
    {
        if (message is not RiskLevelFor request)
        {
            throw new InvalidOperationException($"{nameof(RiskScheduler)} cannot handle {message.GetType().Name}");
        }

        if (request.Iteration > _iteration)
        {
            await PersistAsync(new RiskIterationStarted(request.Iteration));
        }

        var level = _schedule.LevelAt(request.Iteration);
        Respond(new RiskLevel(level.Iteration, level.KeepCount, level.Alpha));
    }

    protected override void ApplyEvent(object @event) => _iteration = ((RiskIterationStarted)@event).Iteration;
}
