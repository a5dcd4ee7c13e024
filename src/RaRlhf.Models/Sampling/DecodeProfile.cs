using System.Diagnostics;

namespace RaRlhf.Models.Sampling;

/// <summary>
/// Wall time per <see cref="DecodePhase"/>, split into the prefill chunk and the one-token steps. Off unless a
/// sampler is given one (benchmarks: `rarlhf bench --profile`); each timed phase costs two clock reads. The clock is
/// the wall clock unless one is given (e.g. the thread's CPU clock, for single-threaded profiles on a busy machine).
/// </summary>
public sealed class DecodeProfile(Func<long>? clock = null, long ticksPerSecond = 0)
{
    private readonly Func<long> now = clock ?? Stopwatch.GetTimestamp;
    private readonly double ticksPerMs = (clock is null ? Stopwatch.Frequency : ticksPerSecond) / 1000.0;
    private static readonly int PhaseCount = Enum.GetValues<DecodePhase>().Length;
    private readonly long[] prefill = new long[PhaseCount];
    private readonly long[] steps = new long[PhaseCount];

    /// <summary>True while the decoder runs the prefill chunk (set by the sampler).</summary>
    public bool InPrefill { get; set; }

    public long Start() => now();

    /// <summary>Adds the time since <paramref name="started"/> to the phase; returns now, to chain phases.</summary>
    public long Stop(DecodePhase phase, long started)
    {
        var t = now();
        (InPrefill ? prefill : steps)[(int)phase] += t - started;
        return t;
    }

    /// <summary>Milliseconds per phase, e.g. "step.QkvGemm" (sum over all steps) and "prefill.QkvGemm".</summary>
    public IReadOnlyDictionary<string, double> Milliseconds()
    {
        var result = new Dictionary<string, double>();
        foreach (var phase in Enum.GetValues<DecodePhase>())
        {
            result[$"prefill.{phase}"] = Math.Round(prefill[(int)phase] / ticksPerMs, 2);
        }

        foreach (var phase in Enum.GetValues<DecodePhase>())
        {
            result[$"step.{phase}"] = Math.Round(steps[(int)phase] / ticksPerMs, 2);
        }

        return result;
    }
}
