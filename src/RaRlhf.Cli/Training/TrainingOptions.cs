using System.CommandLine;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Training;

/// <summary>The options every training command shares, and the error handling that maps bad input to exit code 2.</summary>
internal sealed class TrainingOptions
{
    public Option<string> Out { get; } = new("--out") { Description = "Output model directory (written atomically)", Required = true };
    public Option<string> Data { get; } = new("--data") { Description = "Data directory (default: $RARLHF_DATA, then ../shared/data)" };
    public Option<int> Seq { get; } = new("--seq") { Description = "Sequence length (packed window / truncation)", DefaultValueFactory = _ => 128 };
    public Option<int> Batch { get; } = new("--batch") { Description = "Batch size", DefaultValueFactory = _ => 16 };
    public Option<int> Steps { get; } = new("--steps") { Description = "Optimizer steps", DefaultValueFactory = _ => 1000 };
    public Option<double> Lr { get; }
    public Option<int> Warmup { get; } = new("--warmup") { Description = "Linear warmup steps (then cosine)", DefaultValueFactory = _ => 100 };
    public Option<int> ValEvery { get; } = new("--val-every") { Description = "Validate every N steps (0 = only at the end)", DefaultValueFactory = _ => 100 };
    public Option<ulong> Seed { get; } = new("--seed") { Description = "Seed (init and data order)", DefaultValueFactory = _ => 0UL };
    public Option<int?> MaxDocs { get; } = new("--max-docs") { Description = "Train on at most N documents (a fixed shuffle)" };
    public Option<int> ValDocs { get; } = new("--val-docs") { Description = "Validate on at most N held-out documents", DefaultValueFactory = _ => 200 };

    public TrainingOptions(double defaultLr) =>
        Lr = new Option<double>("--lr") { Description = "Peak learning rate", DefaultValueFactory = _ => defaultLr };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Out, Data, Seq, Batch, Steps, Lr, Warmup, ValEvery, Seed, MaxDocs, ValDocs }) command.Options.Add(o);
    }

    public int? MaxDocsFrom(ParseResult parse)
    {
        var m = parse.GetValue(MaxDocs);
        TrainingNumbers.Require(m is null or >= 1, "--max-docs", "≥ 1");
        return m;
    }

    public int ValDocsFrom(ParseResult parse)
    {
        var v = parse.GetValue(ValDocs);
        TrainingNumbers.Require(v >= 1, "--val-docs", "≥ 1");
        return v;
    }

    public DataDirectory DataFrom(ParseResult parse) => DataDirectory.Resolve(parse.GetValue(Data));

    /// <summary>Runs a command body; input errors print "name: message" and return 2.</summary>
    public static int Guard(string name, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is TrainingInputException or IOException or InvalidDataException or ArgumentException
                                      or UnauthorizedAccessException or FormatException or DatasetNotFoundException or DatasetFormatException)
        {
            Console.Error.WriteLine($"{name}: {e.Message}");
            return 2;
        }
    }

    public static string RequireModelDirectory(string directory)
    {
        return File.Exists(Path.Combine(directory, RaRlhf.Models.Gpt2Checkpoint.ConfigFile))
            ? directory
            : throw new TrainingInputException($"--model '{directory}' is not a model directory (no config.json); pass a directory written by `rarlhf pretrain` or a Hugging Face GPT-2 dir");
    }
}
