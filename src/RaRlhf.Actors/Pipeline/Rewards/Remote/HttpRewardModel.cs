using System.Net;
using System.Net.Http.Headers;

namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>
/// A reward model served elsewhere (<c>rarlhf serve-reward</c>): POSTs batches of at most
/// <see cref="HttpRewardOptions.MaxBatchSize"/> items to <c>/score</c>, retries timeouts, 5xx and connection errors
/// with exponential backoff, and stops calling a failing server for a cool-down (circuit breaker). A batch either
/// gets every score or throws <see cref="RemoteRewardException"/>; extra metrics of split batches are averaged,
/// weighted by item count.
/// </summary>
public sealed class HttpRewardModel : IRewardModel, IDisposable
{
    /// <summary>A response larger than this is a broken server, not a batch of scores.</summary>
    public const int MaxResponseBytes = 64 * 1024 * 1024;

    private readonly HttpRewardOptions _options;
    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly Uri _scoreUrl;

    public HttpRewardModel(HttpRewardOptions options, HttpClient? http = null)
    {
        options.Validate();
        _options = options;
        _ownsClient = http is null;
        // Per-attempt timeouts are ours; a caller's client keeps its own settings (its Timeout should exceed ours).
        _http = http ?? new HttpClient { Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxResponseBytes };
        _scoreUrl = new Uri(options.BaseUrl, RewardWire.ScorePath);
        Breaker = new CircuitBreaker(options.BreakerFailures, options.BreakerCooldown);
    }

    public string Name => $"remote({_options.BaseUrl})";

    public CircuitBreaker Breaker { get; }

    public async Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        var scores = new float[items.Count];
        var extraSums = new Dictionary<string, double>();
        for (var start = 0; start < items.Count; start += _options.MaxBatchSize)
        {
            var count = Math.Min(_options.MaxBatchSize, items.Count - start);
            var chunk = new RewardInput[count];
            for (var i = 0; i < count; i++)
            {
                chunk[i] = items[start + i];
            }

            var output = await ScoreChunkAsync(chunk, cancellation).ConfigureAwait(false);
            output.Scores.CopyTo(scores, start);
            foreach (var (key, value) in output.Extra)
            {
                extraSums[key] = extraSums.GetValueOrDefault(key) + value * count;
            }
        }

        var extra = extraSums.ToDictionary(kv => kv.Key, kv => kv.Value / Math.Max(1, items.Count));
        return new RewardOutput(scores, extra);
    }

    private async Task<RewardOutput> ScoreChunkAsync(RewardInput[] chunk, CancellationToken cancellation)
    {
        if (!Breaker.TryEnter(out var retryAfter))
        {
            throw new RemoteRewardException(
                $"remote reward {_scoreUrl}: circuit open after {_options.BreakerFailures} consecutive failures; failing fast, next trial in {retryAfter.TotalMilliseconds:F0} ms");
        }

        var body = RewardWire.WriteRequest(chunk);
        for (var attempt = 0; ; attempt++)
        {
            string problem;
            Exception? inner = null;
            try
            {
                var output = await AttemptAsync(body, chunk.Length, cancellation).ConfigureAwait(false);
                Breaker.OnSuccess();
                return output;
            }
            catch (RewardWireException e)
            {
                Breaker.OnFailure();
                throw new RemoteRewardException($"remote reward {_scoreUrl}: invalid response: {e.Message}", e);
            }
            catch (PermanentHttpError e)
            {
                Breaker.OnFailure();
                throw new RemoteRewardException($"remote reward {_scoreUrl}: {e.Message}");
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                Breaker.OnAbandoned();
                throw;
            }
            catch (OperationCanceledException e)
            {
                (problem, inner) = ($"timed out after {_options.RequestTimeout.TotalMilliseconds:F0} ms", e);
            }
            catch (HttpRequestException e)
            {
                (problem, inner) = ($"connection failed ({e.Message})", e);
            }
            catch (TransientHttpError e)
            {
                problem = e.Message;
            }

            if (attempt >= _options.MaxRetries)
            {
                Breaker.OnFailure();
                throw new RemoteRewardException(
                    $"remote reward {_scoreUrl}: {problem}; gave up after {attempt + 1} attempts (no scores returned for this batch of {chunk.Length})", inner);
            }

            await Task.Delay(BackoffDelay(attempt), cancellation).ConfigureAwait(false);
        }
    }

    private async Task<RewardOutput> AttemptAsync(byte[] body, int expectedCount, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_options.RequestTimeout);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(RewardWire.ContentType);
        using var response = await _http.PostAsync(_scoreUrl, content, timeout.Token).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout)
        {
            throw new TransientHttpError($"HTTP {status}: {Snippet(bytes)}");
        }

        if (status != 200)
        {
            throw new PermanentHttpError($"HTTP {status}: {Snippet(bytes)}");
        }

        return RewardWire.ReadResponse(bytes, expectedCount);
    }

    private TimeSpan BackoffDelay(int attempt)
    {
        var ms = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
        return TimeSpan.FromMilliseconds(Math.Min(ms, _options.MaxDelay.TotalMilliseconds));
    }

    private static string Snippet(byte[] bytes) =>
        System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 200));

    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }
}
