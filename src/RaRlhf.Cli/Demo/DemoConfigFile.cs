using System.Text;
using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Tensors.IO;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// <c>RUN/demo.conf</c>: the one configuration every step of a demo run reads. It includes the task overlay
/// (hocon/tasks/TASK.conf) and the demo overlays (hocon/demo.conf, then hocon/demo-quick.conf or
/// hocon/experiment.conf), points model.* and the reward scorer at the assets, then the warm start n derived
/// from demo.warmup_fraction, then the user's --set lines (which win). Written once; a re-run with different
/// options is refused instead of mixing two configurations in one run directory.
/// </summary>
internal static class DemoConfigFile
{
    public const string FileName = "demo.conf";

    public static (string Path, DemoSettings Settings) Prepare(string runDirectory, string task, string header,
        IReadOnlyList<string> overlays, DemoAssets assets, string? dataDirectory, IReadOnlyList<string> sets)
    {
        var text = new StringBuilder($"# {header}\n# The configuration of every step of this run (see docs/demo.md).\n");
        foreach (var overlay in overlays)
        {
            text.Append($"include required({Quote(Path.GetFullPath(overlay))})\n");
        }

        if (dataDirectory is not null)
        {
            text.Append($"run.data_dir = {Quote(Path.GetFullPath(dataDirectory))}\n");
        }

        text.Append($"model.tokenizer = {Quote(assets.TokenizerJson)}\n");
        text.Append($"model.policy = {Quote(assets.Sft)}\n");
        text.Append($"model.reference = {Quote(assets.Sft)}\n");
        text.Append($"reward.use = classifier\nreward.scorers.classifier.model = {Quote(assets.Reward)}\n");
        var userLines = new StringBuilder();
        foreach (var set in sets)
        {
            userLines.Append(set).Append('\n');
        }

        var settings = DemoSettings.Read(ConfigLoader.Parse(text.ToString() + userLines, "demo.conf (composed)"), task);
        text.Append($"# warm start n = round(demo.warmup_fraction {settings.WarmupFraction} × run.iterations {settings.Iterations})\n");
        text.Append($"risk.warmup = {settings.Warmup}\n");
        if (userLines.Length > 0)
        {
            text.Append("# --set\n").Append(userLines);
        }

        var path = Path.Combine(runDirectory, FileName);
        var composed = text.ToString();
        if (File.Exists(path))
        {
            var existing = File.ReadAllText(path);
            if (existing != composed)
            {
                throw new DemoInputException(
                    $"{path} was written by a run with other options (task, --quick, --assets, --data or --set differ). " +
                    "Re-run with the same options to resume it, or choose another --run.");
            }
        }
        else
        {
            Directory.CreateDirectory(runDirectory);
            AtomicFile.WriteAllText(path, composed);
        }

        return (path, DemoSettings.Read(ConfigLoader.LoadFile(path), task));
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);
}
