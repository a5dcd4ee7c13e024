using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf data check [--data DIR] [--task imdb|jigsaw|rtp]`: parses every dataset file the tasks use and prints
/// row counts, label balance, the fixed validation splits and prompt candidates. Any missing or malformed file is
/// reported (all of them, not just the first) and the exit code is 1.
/// </summary>
internal sealed class DataCommand : ICliCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public Command Create()
    {
        var data = new Option<string?>("--data") { HelpName = "DIR", Description = $"Data directory (default: ${DataDirectory.EnvironmentVariable}, else ../shared/data beside the checkout)" };
        var task = new Option<DatasetTask[]>("--task") { HelpName = "TASK", Description = "Check only these tasks (imdb, jigsaw, rtp); default all", AllowMultipleArgumentsPerToken = true };
        var check = new Command("check", "Parse every dataset file; print row counts, label balance and split sizes.");
        check.Options.Add(data);
        check.Options.Add(task);
        check.SetAction(parseResult => Check(parseResult.GetValue(data), parseResult.GetValue(task)));
        var command = new Command("data", "Inspect the datasets in the data directory.");
        command.Subcommands.Add(check);
        return command;
    }

    private static int Check(string? dataOption, DatasetTask[]? tasks)
    {
        DataDirectory dir;
        try
        {
            dir = DataDirectory.Resolve(dataOption);
        }
        catch (DatasetNotFoundException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }

        Console.WriteLine($"data directory {dir.Root} ({dir.Origin})");
        var failures = 0;
        foreach (var task in tasks is { Length: > 0 } ? tasks.Distinct() : Enum.GetValues<DatasetTask>())
        {
            Console.WriteLine(task.ToString().ToLowerInvariant());
            try
            {
                dir.RequireFiles(task);
                Action<DataDirectory> run = task switch
                {
                    DatasetTask.Imdb => CheckImdb,
                    DatasetTask.Jigsaw => CheckJigsaw,
                    _ => CheckRtp,
                };
                run(dir);
            }
            catch (Exception e) when (e is DatasetFormatException or DatasetNotFoundException or IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine();
                Console.Error.WriteLine($"FAILED {task.ToString().ToLowerInvariant()}: {e.Message}");
                failures++;
            }
        }

        Console.WriteLine(failures == 0 ? "all dataset files OK" : $"{failures} task(s) FAILED");
        return failures == 0 ? 0 : 1;
    }

    private static void CheckImdb(DataDirectory dir)
    {
        var train = Timed(dir, ImdbDataset.TrainFile, p => ImdbDataset.LoadTrain(p.Path, ImdbMarkup.LineBreaks, p.Progress),
            r => $"{Count(r.Count)} rows  {Balance(r, x => x.Label, "pos", "neg")}");
        var split = ImdbDataset.Split(train);
        PrintSplit(split, r => r.Label, "pos", "neg", ImdbDataset.ValidationFraction);
        Console.WriteLine($"    IMDB-Gen prompt candidates (> {PromptCandidates.ImdbMinCharacters} characters): " +
                          $"train {Count(PromptCandidates.Imdb(split.Train).Count)}  validation {Count(PromptCandidates.Imdb(split.Validation).Count)}");
        var unsup = Timed(dir, ImdbDataset.UnsupFile, p => ImdbDataset.LoadUnsup(p.Path, ImdbMarkup.LineBreaks, p.Progress), r => $"{Count(r.Count)} rows  unlabelled");
        var pretraining = ImdbDataset.PretrainingTexts(split, unsup);
        Console.WriteLine($"    pretraining texts (split train + unsup, minus {Count(split.Train.Count + unsup.Count - pretraining.Count)} unsup reviews that are validation texts): {Count(pretraining.Count)}");
    }

    private static void CheckJigsaw(DataDirectory dir)
    {
        var binary = Timed(dir, JigsawDataset.BinaryFile, p => JigsawDataset.LoadBinary(p.Path, p.Progress),
            r => $"{Count(r.Count)} rows  {Balance(r, x => x.Label, "toxic", "non-toxic")}");
        PrintSplit(JigsawDataset.Split(binary), c => c.Label, "toxic", "non-toxic", JigsawDataset.ValidationFraction);
        Timed(dir, JigsawDataset.MultilabelFile, p => JigsawDataset.LoadMultilabel(p.Path), r =>
            $"{Count(r.Count)} rows  " + string.Join("  ", Enum.GetValues<JigsawLabels>().Where(l => l != JigsawLabels.None)
                .Select(l => $"{l} {Count(r.Count(c => c.Labels.HasFlag(l)))}")));
    }

    private static void CheckRtp(DataDirectory dir)
    {
        var prompts = Timed(dir, RtpDataset.File, p => RtpDataset.Load(p.Path, p.Progress),
            r => $"{Count(r.Count)} rows  {Balance(r, x => x.Label, "toxic", "non-toxic")}  (toxic = prompt toxicity > {RtpPrompt.ToxicThreshold.ToString(Invariant)}; unscored = null, counted as not toxic)");
        PrintSplit(RtpDataset.Split(prompts), p => p.Label, "toxic", "non-toxic", RtpDataset.ValidationFraction);
    }

    private static T Timed<T>(DataDirectory dir, string file, Func<(string Path, IProgress<double> Progress), T> load, Func<T, string> describe)
    {
        var path = dir.Require(file);
        var interactive = !Console.IsErrorRedirected;
        var lastPercent = -1;
        var progress = new ProgressCallback<double>(fraction =>
        {
            var percent = (int)(fraction * 100);
            if (interactive && percent != lastPercent)
            {
                lastPercent = percent;
                Console.Error.Write($"\r  reading {file} {percent,3}%");
            }
        });
        var size = new FileInfo(path).Length;
        if (!interactive && size > (8 << 20))
        {
            Console.Error.WriteLine($"  reading {file} ({size / (1 << 20)} MB) ...");
        }

        var watch = Stopwatch.StartNew();
        var result = load((path, progress));
        if (interactive && lastPercent >= 0)
        {
            Console.Error.Write("\r" + new string(' ', file.Length + 16) + "\r");
        }

        Console.WriteLine($"  {file,-40} {describe(result)}  [{watch.Elapsed.TotalSeconds.ToString("0.00", Invariant)} s]");
        return result;
    }

    private static void PrintSplit<T>(TrainValidationSplit<T> split, Func<T, int?> label, string one, string zero, double fraction) =>
        Console.WriteLine($"    split ({(fraction * 100).ToString("0", Invariant)}% validation, seed {DatasetSplit.DefaultSeed.ToString(Invariant)}): " +
                          $"train {Count(split.Train.Count)} ({Balance(split.Train, label, one, zero)})  " +
                          $"validation {Count(split.Validation.Count)} ({Balance(split.Validation, label, one, zero)})");

    private static string Balance<T>(IReadOnlyCollection<T> records, Func<T, int?> label, string one, string zero)
    {
        var ones = records.Count(r => label(r) == 1);
        var zeros = records.Count(r => label(r) == 0);
        var unknown = records.Count - ones - zeros;
        return $"{one} {Count(ones)}, {zero} {Count(zeros)}" + (unknown > 0 ? $", unscored {Count(unknown)}" : "");
    }

    private static string Count(int n) => n.ToString("N0", Invariant);
}
