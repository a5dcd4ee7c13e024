using System.CommandLine;
using System.Diagnostics;
using RaRlhf.Text.Corpus;
using RaRlhf.Text.Training;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf tokenizer train`: learn a byte-level BPE from corpus files and save it as tokenizer.json.</summary>
internal sealed class TokenizerCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("tokenizer", "Byte-level BPE tokenizer tools.");
        command.Subcommands.Add(CreateTrain());
        return command;
    }

    private static Command CreateTrain()
    {
        var corpusOption = new Option<string[]>("--corpus")
        {
            Description = "Corpus files: .csv (the 'text' column), .jsonl ('text' field) or plain text (one document per line).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var vocabOption = new Option<int>("--vocab-size") { Description = "Total ids: 256 bytes + merges + special tokens.", Required = true };
        var minFrequencyOption = new Option<int>("--min-frequency") { Description = "Least count of a pair to merge.", DefaultValueFactory = _ => 2 };
        var specialOption = new Option<string[]>("--special")
        {
            Description = "Special tokens, appended last (default <|endoftext|>).",
            AllowMultipleArgumentsPerToken = true,
        };
        var columnOption = new Option<string>("--column") { Description = "CSV column / JSON field holding the text.", DefaultValueFactory = _ => "text" };
        var threadsOption = new Option<int>("--threads") { Description = "Pre-tokenization threads (0 = one per core)." };
        var outOption = new Option<string>("--out") { Description = "Directory for tokenizer.json, vocab.json, merges.txt.", Required = true };
        var train = new Command("train", "Train a byte-level BPE (GPT-2 pre-tokenization) and save it in Hugging Face format.");
        foreach (var option in new Option[] { corpusOption, vocabOption, minFrequencyOption, specialOption, columnOption, threadsOption, outOption })
        {
            train.Options.Add(option);
        }

        train.SetAction(parse =>
        {
            try
            {
                var files = parse.GetValue(corpusOption)!;
                if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
                {
                    throw new FileNotFoundException($"{missing}: corpus file not found", missing);
                }

                var column = parse.GetValue(columnOption)!;
                var specials = parse.GetValue(specialOption) is { Length: > 0 } given ? given : null;
                var settings = new BpeTrainingSettings(parse.GetValue(vocabOption), parse.GetValue(minFrequencyOption),
                    specials, parse.GetValue(threadsOption));
                var clock = Stopwatch.StartNew();
                var documents = files.SelectMany(file => CorpusReader.ReadTexts(file, column));
                var tokenizer = BpeTrainer.Train(documents, settings, new ProgressLine());
                var outDir = parse.GetValue(outOption)!;
                tokenizer.Save(outDir);
                Console.Error.WriteLine();
                Console.WriteLine($"tokenizer: {tokenizer.VocabSize} tokens ({tokenizer.MergeCount} merges) " +
                                  $"trained in {clock.Elapsed.TotalSeconds:F1} s, saved to {Path.GetFullPath(outDir)}");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"tokenizer train: {e.Message}");
                return 1;
            }
        });
        return train;
    }

    /// <summary>One rewritten status line on a terminal; a line every few seconds when stderr is redirected.</summary>
    private sealed class ProgressLine : IProgress<BpeTrainingProgress>
    {
        private readonly object _gate = new();
        private readonly bool _interactive = !Console.IsErrorRedirected;
        private TimeSpan _lastPrinted = TimeSpan.MinValue;
        private string _lastPhase = "";

        public void Report(BpeTrainingProgress value)
        {
            lock (_gate)
            {
                var every = TimeSpan.FromSeconds(_interactive ? 0.2 : 5);
                var finished = value.Total > 0 && value.Done == value.Total;
                if (value.Phase == _lastPhase && value.Elapsed - _lastPrinted < every && !finished)
                {
                    return;
                }

                if (_interactive && value.Phase != _lastPhase && _lastPhase.Length > 0)
                {
                    Console.Error.WriteLine();
                }

                _lastPhase = value.Phase;
                _lastPrinted = value.Elapsed;
                var amount = value.Total > 0 ? $"{value.Done}/{value.Total} ({100.0 * value.Done / value.Total:F0}%)" : $"{value.Done} documents";
                var text = $"{value.Elapsed:mm\\:ss} {value.Phase} {amount} {value.Detail}";
                if (_interactive)
                {
                    Console.Error.Write("\r" + text + "\u001b[K"); // ESC[K clears the rest of the line
                }
                else
                {
                    Console.Error.WriteLine(text);
                }
            }
        }
    }
}
