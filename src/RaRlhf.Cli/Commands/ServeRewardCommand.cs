using System.CommandLine;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;
using RaRlhf.Text;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf serve-reward --port P [--host 127.0.0.1] (--lexicon FILE.json | --model DIR [--tokenizer DIR --label L --negate])`:
/// serves a reward model over HTTP
/// (docs/remote-reward.md) until Ctrl+C / SIGTERM, then finishes in-flight requests and exits.
/// </summary>
internal sealed class ServeRewardCommand : ICliCommand
{
    public Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port (0 = pick a free one and print it)", Required = true };
        var host = new Option<string>("--host") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var lexicon = new Option<string>("--lexicon") { Description = "Lexicon JSON {\"word\": weight, …}; a response scores the sum of its words' weights" };
        var modelDir = new Option<string>("--model") { Description = "GPT-2 checkpoint directory with a score head (score.weight)" };
        var tokenizerDir = new Option<string>("--tokenizer") { Description = "Tokenizer directory or file for --model; default: the model directory" };
        var label = new Option<int>("--label") { Description = "Which label's logit is the score (--model)", DefaultValueFactory = _ => 0 };
        var negate = new Option<bool>("--negate") { Description = "Score = minus the logit (e.g. minus the toxic logit)" };
        var command = new Command("serve-reward", "Serve a reward model over HTTP: POST /score, GET /health (JSON wire format v1).");
        foreach (var o in new Option[] { port, host, lexicon, modelDir, tokenizerDir, label, negate }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            try
            {
                var model = LoadModel(
                    parse.GetValue(lexicon), parse.GetValue(modelDir), parse.GetValue(tokenizerDir), parse.GetValue(label), parse.GetValue(negate));
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

    private static IRewardModel LoadModel(string? lexiconPath, string? modelDir, string? tokenizerDir, int label, bool negate)
    {
        if ((lexiconPath is null) == (modelDir is null))
        {
            throw new ArgumentException("name exactly one reward model: --lexicon FILE.json or --model DIR");
        }

        if (lexiconPath is not null)
        {
            return RemoteLexiconScorer.Load(lexiconPath);
        }

        var tokenizer = ByteLevelBpeTokenizer.Load(tokenizerDir ?? modelDir!);
        return TextClassifierReward.FromCheckpoint(modelDir!, text => tokenizer.Encode(text), label, negate ? -1f : 1f);
    }

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
