using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline.Rewards.Remote;

namespace RaRlhf.Actors.Pipeline.Rewards;

public static partial class RewardRegistry
{
    /// <summary>
    /// <c>type = http</c>: <c>url</c> (the base URL of a <c>serve-reward</c>; requests go to <c>/score</c>) and the
    /// optional client settings of <see cref="HttpRewardOptions"/> (defaults there): <c>timeout</c>, <c>batch_size</c>,
    /// <c>retries</c>, <c>min_backoff</c>, <c>max_backoff</c>, <c>breaker_failures</c>, <c>breaker_cooldown</c>.
    /// </summary>
    private static IRewardModel? Http(SettingsReader r)
    {
        var url = r.String("url");
        if (r.Errors.Count > 0)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            return Reject(r, "url", url, "must be an absolute http(s) URL of a reward server, e.g. \"http://127.0.0.1:8765/\" (see `rarlhf serve-reward`)");
        }

        var d = new HttpRewardOptions(baseUrl);
        var options = d with
        {
            RequestTimeout = Optional(r, "timeout", d.RequestTimeout, r.Duration, t => t > TimeSpan.Zero, "must be > 0"),
            MaxBatchSize = Optional(r, "batch_size", d.MaxBatchSize, r.Int, n => n >= 1, "must be ≥ 1"),
            MaxRetries = Optional(r, "retries", d.MaxRetries, r.Int, n => n >= 0, "must be ≥ 0"),
            BaseDelay = Optional(r, "min_backoff", d.BaseDelay, r.Duration, t => t >= TimeSpan.Zero, "must be ≥ 0"),
            MaxDelay = Optional(r, "max_backoff", d.MaxDelay, r.Duration, t => t >= TimeSpan.Zero, "must be ≥ 0"),
            BreakerFailures = Optional(r, "breaker_failures", d.BreakerFailures, r.Int, n => n >= 1, "must be ≥ 1"),
            BreakerCooldown = Optional(r, "breaker_cooldown", d.BreakerCooldown, r.Duration, t => t >= TimeSpan.Zero, "must be ≥ 0"),
        };
        if (options.MaxDelay < options.BaseDelay)
        {
            return Reject(r, "max_backoff", options.MaxDelay, $"must be ≥ min_backoff ({options.BaseDelay.TotalMilliseconds:F0} ms)");
        }

        return r.Errors.Count > 0 ? null : new HttpRewardModel(options);
    }

    private static T Optional<T>(SettingsReader r, string key, T fallback, Func<string, Func<T, bool>, string, T> read, Func<T, bool> valid, string rule) =>
        r.Config.HasPath(key) ? read(key, valid, rule) : fallback;
}
