using System.CommandLine;
using System.Text.Json;
using RaRlhf.Models;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf model logits --model DIR --ids 1,2,3`: the LM logits of every position as JSON.</summary>
internal sealed class ModelCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("model", "Inspect a GPT-2 model directory (Hugging Face layout).");
        var modelOption = new Option<string>("--model") { Description = "Model directory (config.json + model.safetensors)", Required = true };
        var idsOption = TokenIdsOption.Create();
        var logits = new Command("logits", "Print {\"logits\": [[...], ...]}, one row of vocab_size logits per input position.");
        logits.Options.Add(modelOption);
        logits.Options.Add(idsOption);
        logits.SetAction(parse =>
        {
            var ids = parse.GetValue(idsOption)!;
            try
            {
                var model = Gpt2Checkpoint.Load(parse.GetValue(modelOption)!);
                model.Forward(ids, [], 1, ids.Length);
                WriteLogits(model.Logits.Span, ids.Length, model.Config.VocabSize);
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"model logits: {e.Message}");
                return 1;
            }
        });
        command.Subcommands.Add(logits);
        return command;
    }

    private static void WriteLogits(ReadOnlySpan<float> logits, int t, int v)
    {
        using var stdout = Console.OpenStandardOutput();
        using var json = new Utf8JsonWriter(stdout);
        json.WriteStartObject();
        json.WriteStartArray("logits");
        for (var i = 0; i < t; i++)
        {
            json.WriteStartArray();
            foreach (var x in logits.Slice(i * v, v)) json.WriteNumberValue(x);
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stdout.WriteByte((byte)'\n');
    }
}
