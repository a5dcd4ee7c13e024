using System.Net;
using System.Net.Sockets;

namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>
/// Serves an <see cref="IRewardModel"/> over HTTP (<see cref="RewardWire"/>): POST /score, GET /health. Scoring calls
/// are serialised (reward models need not be thread-safe). <see cref="StopAsync"/> stops accepting, lets in-flight
/// requests finish, then closes the listener.
/// </summary>
public sealed class RewardServer : IAsyncDisposable
{
    public const int DefaultMaxRequestBytes = 8 * 1024 * 1024;

    private readonly IRewardModel _model;
    private readonly HttpListener _listener;
    private readonly SemaphoreSlim _scoring = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly int _maxRequestBytes;
    private readonly Task _acceptLoop;
    private int _inFlight = 1; // the server's own count, dropped by StopAsync, so zero means drained
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RewardServer(IRewardModel model, HttpListener listener, Uri baseUrl, int maxRequestBytes)
    {
        _model = model;
        _listener = listener;
        _maxRequestBytes = maxRequestBytes;
        BaseUrl = baseUrl;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Listens on http://host:port/; port 0 picks a free ephemeral port.</summary>
    public static RewardServer Start(IRewardModel model, string host = "127.0.0.1", int port = 0, int maxRequestBytes = DefaultMaxRequestBytes)
    {
        for (var attempt = 0; ; attempt++)
        {
            var p = port == 0 ? FreePort(host) : port;
            var listener = new HttpListener();
            var prefix = $"http://{host}:{p}/";
            listener.Prefixes.Add(prefix);
            try
            {
                listener.Start();
                return new RewardServer(model, listener, new Uri(prefix), maxRequestBytes);
            }
            catch (HttpListenerException) when (port == 0 && attempt < 5)
            {
                listener.Close(); // another process took the probed port between probe and bind: probe again
            }
            catch (HttpListenerException e)
            {
                listener.Close();
                throw new IOException($"cannot listen on {prefix}: {e.Message} (is the port in use?)", e);
            }
        }
    }

    /// <summary>A port the OS reports free right now (HttpListener cannot bind port 0 itself).</summary>
    public static int FreePort(string host = "127.0.0.1")
    {
        using var probe = new TcpListener(IPAddress.Parse(host), 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async Task StopAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        _stopping.Cancel();
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            _drained.TrySetResult();
        }

        await _drained.Task.ConfigureAwait(false);
        _listener.Close();
        await _acceptLoop.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _scoring.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(async () =>
            {
                try
                {
                    await HandleAsync(context).ConfigureAwait(false);
                }
                finally
                {
                    if (Interlocked.Decrement(ref _inFlight) == 0)
                    {
                        _drained.TrySetResult();
                    }
                }
            });
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var path = request.Url?.AbsolutePath ?? "";
        try
        {
            if (request.HttpMethod == "GET" && path == RewardWire.HealthPath)
            {
                await ReplyAsync(context, 200, System.Text.Encoding.UTF8.GetBytes(
                    $"{{\"version\":{RewardWire.Version},\"model\":{System.Text.Json.JsonSerializer.Serialize(_model.Name)}}}")).ConfigureAwait(false);
                return;
            }

            if (path != RewardWire.ScorePath)
            {
                await ReplyErrorAsync(context, 404, $"no such endpoint {request.HttpMethod} {path}; use POST {RewardWire.ScorePath} or GET {RewardWire.HealthPath}").ConfigureAwait(false);
                return;
            }

            if (request.HttpMethod != "POST")
            {
                await ReplyErrorAsync(context, 405, $"{RewardWire.ScorePath} takes POST").ConfigureAwait(false);
                return;
            }

            var body = await ReadBoundedAsync(request).ConfigureAwait(false);
            if (body is null)
            {
                await ReplyErrorAsync(context, 413, $"request larger than the limit of {_maxRequestBytes} bytes; send smaller batches").ConfigureAwait(false);
                return;
            }

            List<RewardInput> items;
            try
            {
                items = RewardWire.ReadRequest(body);
            }
            catch (RewardWireException e)
            {
                await ReplyErrorAsync(context, 400, e.Message).ConfigureAwait(false);
                return;
            }

            RewardOutput output;
            await _scoring.WaitAsync().ConfigureAwait(false);
            try
            {
                output = await _model.ScoreAsync(items, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _scoring.Release();
            }

            if (output.Scores.Length != items.Count)
            {
                await ReplyErrorAsync(context, 500, $"reward model {_model.Name} returned {output.Scores.Length} scores for {items.Count} items").ConfigureAwait(false);
                return;
            }

            await ReplyAsync(context, 200, RewardWire.WriteResponse(output)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not HttpListenerException and not ObjectDisposedException)
        {
            await ReplyErrorAsync(context, 500, $"reward model {_model.Name} failed: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The client went away mid-reply; nothing left to tell it.
        }
    }

    private async Task<byte[]?> ReadBoundedAsync(HttpListenerRequest request)
    {
        if (request.ContentLength64 > _maxRequestBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await request.InputStream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxRequestBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static Task ReplyErrorAsync(HttpListenerContext context, int status, string message) =>
        ReplyAsync(context, status, System.Text.Encoding.UTF8.GetBytes(
            $"{{\"version\":{RewardWire.Version},\"error\":{System.Text.Json.JsonSerializer.Serialize(message)}}}"));

    private static async Task ReplyAsync(HttpListenerContext context, int status, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = RewardWire.ContentType;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }
}
