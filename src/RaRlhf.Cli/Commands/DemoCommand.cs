using System.CommandLine;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Cli.Demo;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf demo [imdb|jigsaw|rtp] [--run DIR] [--quick] [--data DIR] [--assets DIR] [--set k=v]…`: trains RLHF and
/// RA-RLHF from the task's assets, evaluates base, prompted base, SFT, RLHF and RA-RLHF, and writes
/// RUN/metrics.json and RUN/report.html (docs/demo.md). Resumes when re-run with the same --run.
/// </summary>
internal sealed class DemoCommand : ICliCommand
{
    public Command Create()
    {
        var shared = new DemoOptionSet();
        var quick = new Option<bool>("--quick") { Description = "Smoke-test sizes (hocon/demo-quick.conf): every step in ≤ 2 minutes, too short to move the reward much." };
        var command = new Command("demo", "Train RLHF and RA-RLHF, evaluate five methods, write metrics.json and report.html (resumable).");
        shared.AddTo(command);
        command.Options.Add(quick);
        command.SetAction((parse, cancellation) =>
        {
            var isQuick = parse.GetValue(quick);
            return RunAsync(() =>
            {
                var task = parse.GetValue(shared.Task)!;
                string[] overlays = isQuick ? [RepoLayout.Hocon("demo.conf"), RepoLayout.Hocon("demo-quick.conf")] : [RepoLayout.Hocon("demo.conf")];
                var options = shared.Read(parse, Path.Combine("runs", isQuick ? $"demo-{task}-quick" : $"demo-{task}"),
                    $"{TaskTitle(task)} demo{(isQuick ? " (--quick)" : "")}", overlays);
                return new DemoRunner(new PipelineJobs(), Console.Out).RunAsync(DemoPlan.Create(options), cancellation);
            }, "demo");
        });
        return command;
    }

    public static string TaskTitle(string task) => task switch
    {
        "imdb" => "IMDB-Gen",
        "jigsaw" => "Jigsaw-Gen",
        "rtp" => "RealToxicityPrompts-Gen",
        _ => task,
    };

    /// <summary>Runs the demo or experiment; bad input (assets, config, run directory) → one message on stderr, exit 2.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> run, string name)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is DemoInputException or ConfigException or HoconException or ConfigValidationException
                                      or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{name}: interrupted; run the same command to resume");
            return 130;
        }
    }
}
