using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RaRlhf.Text.Corpus;

/// <summary>
/// CPU time consumed by the calling thread (Linux CLOCK_THREAD_CPUTIME_ID), so a throughput figure does not depend
/// on how many other processes share the cores. Elsewhere it falls back to wall-clock time.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Seconds of CPU time used by this thread so far (or wall-clock seconds where unsupported).</summary>
    public static double Now()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return time.Seconds + time.Nanoseconds * 1e-9;
        }

        return (double)Stopwatch.GetTimestamp() / Stopwatch.Frequency;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
