using System.CommandLine;
using System.Text;
using RaRlhf.Text;
using RaRlhf.Text.Corpus;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf tokenize`: JSON lines {"text"} ↔ {"ids"} with a byte-level BPE tokenizer.</summary>
internal sealed class TokenizeCommand : ICliCommand
{
    public Command Create()
    {
        var tokenizerOption = new Option<string>("--tokenizer")
        {
            Description = "Directory with tokenizer.json, vocab.json+merges.txt or encoder.json+vocab.bpe (or one such file).",
            Required = true,
        };
        var inputOption = new Option<string>("--input")
        {
            Description = "JSON lines file: {\"text\": …} per line ({\"ids\": […]} with --decode); '-' reads stdin.",
            Required = true,
        };
        var outputOption = new Option<string?>("--output") { Description = "Write here instead of stdout." };
        var decodeOption = new Option<bool>("--decode") { Description = "Read {\"ids\"} lines and write {\"text\"} lines." };
        var statsOption = new Option<bool>("--stats") { Description = "Print lines, tokens and single-thread MB/s to stderr." };
        var specialOption = new Option<bool>("--allow-special") { Description = "Match special tokens such as <|endoftext|> in the text." };
        var command = new Command("tokenize", "Encode JSON lines of text to token ids, or decode ids back to text.");
        foreach (var option in new Option[] { tokenizerOption, inputOption, outputOption, decodeOption, statsOption, specialOption })
        {
            command.Options.Add(option);
        }

        command.SetAction(parse =>
        {
            try
            {
                var tokenizer = ByteLevelBpeTokenizer.Load(parse.GetValue(tokenizerOption)!);
                var inputPath = parse.GetValue(inputOption)!;
                using var input = inputPath == "-"
                    ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8)
                    : new StreamReader(inputPath, Encoding.UTF8, true, 1 << 16);
                var outputPath = parse.GetValue(outputOption);
                using var output = new StreamWriter(
                    outputPath is null ? Console.OpenStandardOutput() : File.Create(outputPath), new UTF8Encoding(false), 1 << 16)
                { NewLine = "\n" };
                var stats = JsonLinesTokenizer.Run(tokenizer, input, inputPath == "-" ? "stdin" : inputPath, output,
                    parse.GetValue(decodeOption), parse.GetValue(specialOption));
                if (parse.GetValue(statsOption))
                {
                    Console.Error.WriteLine(
                        $"tokenize: {stats.Lines} lines, {stats.TextBytes / 1e6:F2} MB, {stats.Tokens} tokens; single thread " +
                        $"{stats.CpuSeconds:F3} s CPU = {stats.MegabytesPerCpuSecond:F2} MB/s, " +
                        $"{stats.WallSeconds:F3} s wall = {stats.MegabytesPerWallSecond:F2} MB/s");
                }

                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException or ArgumentException
                                          or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"tokenize: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
