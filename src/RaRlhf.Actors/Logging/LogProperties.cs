using Serilog;
using Serilog.Context;

namespace RaRlhf.Actors.Logging;

/// <summary>
/// The property names every event carries (Run, Role, Node set once by <see cref="LoggingSetup"/>; Iteration and
/// PolicyVersion attached per iteration), and the two ways to attach the per-iteration ones.
/// </summary>
public static class LogProperties
{
    public const string Run = "Run";
    public const string Role = "Role";
    public const string Node = "Node";
    public const string Iteration = "Iteration";
    public const string PolicyVersion = "PolicyVersion";

    /// <summary>A logger whose events carry <paramref name="iteration"/> and <paramref name="policyVersion"/> (for an actor's own logger).</summary>
    public static ILogger ForIteration(this ILogger logger, long iteration, long policyVersion) =>
        logger.ForContext(Iteration, iteration).ForContext(PolicyVersion, policyVersion);

    /// <summary>
    /// Attaches iteration and policy version to every event logged on this async flow until disposed
    /// (needs the logger built by <see cref="LoggingSetup"/>, which enriches from the log context).
    /// </summary>
    public static IDisposable PushIteration(long iteration, long policyVersion)
    {
        var first = LogContext.PushProperty(Iteration, iteration);
        var second = LogContext.PushProperty(PolicyVersion, policyVersion);
        return new Both(first, second);
    }

    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            second.Dispose();
            first.Dispose();
        }
    }
}
