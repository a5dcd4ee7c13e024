using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace RaRlhf.Actors.Tests.Logging;

/// <summary>A local HTTP listener on 127.0.0.1 standing in for Seq: records each request and answers with scripted statuses (then 201).</summary>
internal sealed class FakeSeqServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<int> _statuses;
    private readonly Task _loop;
    private int _pending;

    public FakeSeqServer(params int[] statuses)
    {
        _statuses = new ConcurrentQueue<int>(statuses);
        Port = FreePort();
        Url = $"http://127.0.0.1:{Port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Url { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>When set, every answer waits for this task (a Seq that accepted the connection but hangs).</summary>
    public Task? Hold { get; set; }

    /// <summary>Requests read but not yet answered.</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Event lines received in all requests that were answered 2xx.</summary>
    public IEnumerable<string> AcceptedLines => Requests.Where(r => r.Status is >= 200 and < 300).SelectMany(r => r.Lines);

    /// <summary>A TCP port nothing listens on (bound, then released).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Waits (polling, up to 10 s) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "condition not reached within 10 s");
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            if (Hold is { } hold)
            {
                Interlocked.Increment(ref _pending);
                await hold;
                Interlocked.Decrement(ref _pending);
            }

            var status = _statuses.TryDequeue(out var s) ? s : 201;
            Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath,
                context.Request.ContentType, context.Request.Headers["X-Seq-ApiKey"], body, status));
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    internal sealed record RecordedRequest(string Method, string Path, string? ContentType, string? ApiKey, string Body, int Status)
    {
        public string[] Lines => Body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
