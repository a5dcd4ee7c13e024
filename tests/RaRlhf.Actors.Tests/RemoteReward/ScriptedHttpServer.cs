using System.Net;
using System.Text;
using RaRlhf.Actors.Pipeline.Rewards.Remote;

namespace RaRlhf.Actors.Tests.RemoteReward;

/// <summary>A misbehaving reward server for client tests: each call runs the script with its 0-based call index.</summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _calls;

    public ScriptedHttpServer(Func<int, HttpListenerContext, CancellationToken, Task> script)
    {
        var port = RewardServer.FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().WaitAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }

                var call = Interlocked.Increment(ref _calls) - 1;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await script(call, context, _stop.Token);
                    }
                    catch (Exception)
                    {
                        context.Response.Abort();
                    }
                });
            }
        });
    }

    public Uri BaseUrl { get; }

    public int Calls => Volatile.Read(ref _calls);

    public static async Task ReplyAsync(HttpListenerContext context, int status, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Close();
        await _loop;
        _stop.Dispose();
    }
}
