using System.CommandLine;
using RaRlhf.Cli.Prepare;
using RaRlhf.Cli.Training;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf prepare imdb|jigsaw|rtp [--out assets/TASK] [--data DIR] [--work DIR] [--half] [--force]`: builds a task's
/// assets (tokenizer → base → SFT → reward model) with the fixed recipe, each stage cached; `prepare verify DIR`
/// checks them against MANIFEST.json; `prepare half DIR` and `prepare corpus` are the stage helpers the manifest names.
/// </summary>
internal sealed class PrepareCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("prepare", "Build a task's assets (tokenizer, base GPT-2, SFT model, reward model) with its fixed recipe, cached per stage.");
        foreach (var task in new[] { "imdb", "jigsaw", "rtp" }) command.Subcommands.Add(Task(task));
        command.Subcommands.Add(Verify());
        command.Subcommands.Add(Half());
        command.Subcommands.Add(Corpus());
        return command;
    }

    private static Command Task(string task)
    {
        var defaultOut = task == "rtp" ? "assets/jigsaw" : $"assets/{task}";
        var outDir = new Option<string>("--out") { Description = $"Asset directory (default {defaultOut})", DefaultValueFactory = _ => defaultOut };
        var data = new Option<string>("--data") { Description = "Data directory (default: $RARLHF_DATA, then ../shared/data)" };
        var work = new Option<string>("--work") { Description = "Directory for derived files that are not assets (default runs/prepare/TASK)" };
        var force = new Option<bool>("--force") { Description = "Rebuild every stage even when up to date" };
        var half = new Option<bool>("--half") { Description = "Store model weights as F16 safetensors (half the size); results are measured on them" };
        var adopt = new Option<string>("--adopt") { Description = "Take stage outputs (DIR/tokenizer, DIR/base, …) built by hand with the recipe's commands instead of training them" };
        var recipe = new Option<string>("--recipe") { Description = "Use another recipe (tiny: seconds-long, for tests)", Hidden = true };
        var description = task == "rtp"
            ? "RealToxicityPrompts-Gen assets: the jigsaw assets (same recipe and directory)."
            : $"Build the {task} assets.";
        var command = new Command(task, description);
        foreach (var o in new Option[] { outDir, data, work, force, half, adopt, recipe }) command.Options.Add(o);
        command.SetAction(parse => Guard($"prepare {task}", () =>
        {
            var recipeName = parse.GetValue(recipe);
            var workDir = parse.GetValue(work) ?? Path.Combine("runs", "prepare", recipeName ?? (task == "rtp" ? "jigsaw" : task));
            PrepareRun.Run(new PrepareRequest(task, parse.GetValue(outDir)!, parse.GetValue(data), workDir, parse.GetValue(force), parse.GetValue(half), recipeName, parse.GetValue(adopt)),
                Console.Out);
            return 0;
        }));
        return command;
    }

    private static Command Verify()
    {
        var dir = new Argument<string>("dir") { Description = "Asset directory holding MANIFEST.json" };
        var command = new Command("verify", "Recompute every file's sha256 and size and compare with MANIFEST.json.");
        command.Arguments.Add(dir);
        command.SetAction(parse => Guard("prepare verify", () =>
        {
            var directory = parse.GetValue(dir)!;
            var (problems, files, bytes) = AssetManifest.Verify(directory);
            if (problems.Count == 0)
            {
                Console.WriteLine($"{directory}: {files} files ({bytes / 1e6:F2} MB) match {AssetManifest.FileName}");
                return 0;
            }

            Console.Error.WriteLine($"prepare verify: {directory} does not match its {AssetManifest.FileName} ({problems.Count} problem(s)):");
            foreach (var p in problems) Console.Error.WriteLine($"  {p}");
            Console.Error.WriteLine("Restore the files (e.g. git checkout) or rebuild them with `rarlhf prepare TASK --force`.");
            return 1;
        }));
        return command;
    }

    private static Command Half()
    {
        var dir = new Argument<string>("dir") { Description = "Model directory (config.json + model.safetensors)" };
        var command = new Command("half", "Rewrite a model directory's weights as F16 safetensors, in place and atomically.");
        command.Arguments.Add(dir);
        command.SetAction(parse => Guard("prepare half", () =>
        {
            var directory = parse.GetValue(dir)!;
            var (before, after) = HalfPrecision.Convert(directory);
            Console.WriteLine(before == after
                ? $"{directory}: weights already F16 ({after / 1e6:F2} MB)"
                : $"{directory}: weights F32 {before / 1e6:F2} MB → F16 {after / 1e6:F2} MB");
            return 0;
        }));
        return command;
    }

    private static Command Corpus()
    {
        var outDir = new Option<string>("--out") { Description = "Directory for pretrain.jsonl and sft.jsonl", Required = true };
        var data = new Option<string>("--data") { Description = "Data directory (default: $RARLHF_DATA, then ../shared/data)" };
        var imdbDocs = new Option<int>("--imdb-docs") { Description = "IMDB pretraining reviews to include (a fixed sample)", DefaultValueFactory = _ => 4_000 };
        var command = new Command("corpus", "Write the toxicity tasks' derived text: pretrain.jsonl (IMDB sample + Jigsaw + RTP train sides), sft.jsonl (non-toxic Jigsaw).");
        foreach (var o in new Option[] { outDir, data, imdbDocs }) command.Options.Add(o);
        command.SetAction(parse => Guard("prepare corpus", () =>
        {
            var docs = parse.GetValue(imdbDocs);
            TrainingNumbers.Require(docs >= 0, "--imdb-docs", "≥ 0");
            ToxicityCorpus.Write(Text.Datasets.DataDirectory.Resolve(parse.GetValue(data)), docs, parse.GetValue(outDir)!, Console.WriteLine);
            return 0;
        }));
        return command;
    }

    private static int Guard(string name, Func<int> body) => TrainingOptions.Guard(name, () =>
    {
        try
        {
            return body();
        }
        catch (PrepareException e)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
            return 2;
        }
    });
}
