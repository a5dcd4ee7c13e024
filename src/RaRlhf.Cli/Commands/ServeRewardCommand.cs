using System.CommandLine;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf serve-reward --port P [--host 127.0.0.1] --lexicon FILE.json`: serves a reward model over HTTP
/// (docs/remote-reward.md) until Ctrl+C / SIGTERM, then finishes in-flight requests and exits.
/// </summary>
internal sealed class ServeRewardCommand : ICliCommand
{
    public Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 = pick a free one and print it)", Required = true };
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var lexicon = new Option<string>("--lexicon") { Description = "Lexicon JSON {\"word\": weight, …}; a response scores the sum of its words' weights" };
        var command = new Command("serve-reward", "Serve a reward model over HTTP: POST /score, GET /health (JSON wire format v1).");
        foreach (var o in new Option[] { port, host, lexicon }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            try
            {
                var model = LoadModel(parse.GetValue(lexicon));
                return Serve(model, parse.GetValue(host)!, parse.GetValue(port));
            }
            catch (Exception e) when (e is IOException or FormatException or System.Text.Json.JsonException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"serve-reward: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static IRewardModel LoadModel(string? lexiconPath) =>
        lexiconPath is not null
            ? RemoteLexiconScorer.Load(lexiconPath)
            : throw new ArgumentException("name a reward model: --lexicon FILE.json");

    private static int Serve(IRewardModel model, string host, int port)
    {
        using var stop = new ManualResetEventSlim();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Set();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
            {
                c.Cancel = true;
                stop.Set();
            });
        var server = RewardServer.Start(model, host, port);
        Console.WriteLine($"serving {model.Name} on {server.BaseUrl} (POST {RewardWire.ScorePath}, GET {RewardWire.HealthPath}); Ctrl+C stops");
        stop.Wait();
        Console.WriteLine("stopping: finishing in-flight requests");
        server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.CancelKeyPress -= onCancel;
        return 0;
    }
}
