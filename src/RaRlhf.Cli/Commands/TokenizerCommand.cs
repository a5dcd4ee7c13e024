using System.CommandLine;
using System.Diagnostics;
using RaRlhf.Text.Corpus;
using RaRlhf.Text.Datasets;
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
                var progress = new TrainingProgressPrinter(Console.Error, interactive: !Console.IsErrorRedirected);
                var tokenizer = BpeTrainer.Train(documents, settings, progress);
                progress.Finish();
                var outDir = parse.GetValue(outOption)!;
                tokenizer.Save(outDir);
                Console.WriteLine($"tokenizer: {tokenizer.VocabSize} tokens ({tokenizer.MergeCount} merges) " +
                                  $"trained in {clock.Elapsed.TotalSeconds:F1} s, saved to {Path.GetFullPath(outDir)}");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or DatasetFormatException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"tokenizer train: {e.Message}");
                return 1;
            }
        });
        return train;
    }
}
