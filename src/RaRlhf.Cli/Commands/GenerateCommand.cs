using System.CommandLine;
using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using RaRlhf.Text;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// `rarlhf generate --model DIR (--prompt TEXT [--tokenizer DIR] | --ids 1,2,3) [...]`: sample a continuation; prints
/// ids, behaviour log-probs and, with a tokenizer, the decoded text.
/// </summary>
internal sealed class GenerateCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory (config.json + model.safetensors)", Required = true };
        var ids = TokenIdsOption.Create(required: false);
        var promptText = new Option<string>("--prompt") { Description = "Prompt text (encoded with --tokenizer)" };
        var tokenizerDir = new Option<string>("--tokenizer")
        {
            Description = "Tokenizer directory or file (tokenizer.json, vocab.json+merges.txt, encoder.json+vocab.bpe); default: --model",
        };
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 20 };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens (0 = off)", DefaultValueFactory = _ => 0 };
        var topP = new Option<float>("--top-p") { Description = "Nucleus mass (1 = off)", DefaultValueFactory = _ => 1f };
        var temperature = new Option<float>("--temperature") { Description = "Softmax temperature (0 = greedy)", DefaultValueFactory = _ => 1f };
        var seed = new Option<ulong>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 0UL };
        var stopAtEos = new Option<bool>("--stop-at-eos") { Description = "Stop a row at eos_token_id from config.json" };
        var command = new Command("generate", "Sample a continuation from a GPT-2 model, given a text prompt or token ids.");
        foreach (var o in new Option[] { model, promptText, tokenizerDir, ids, maxNew, topK, topP, temperature, seed, stopAtEos }) command.Options.Add(o);
        command.Validators.Add(result =>
        {
            if ((result.GetValue(ids) is { Length: > 0 }) == (result.GetValue(promptText) is not null))
            {
                result.AddError("generate: give exactly one of --prompt TEXT or --ids 1,2,3");
            }
        });
        command.SetAction(parse =>
        {
            try
            {
                var modelDir = parse.GetValue(model)!;
                var gpt = Gpt2Checkpoint.Load(modelDir);
                var text = parse.GetValue(promptText);
                var tokenizer = text is null && parse.GetValue(tokenizerDir) is null
                    ? null
                    : ByteLevelBpeTokenizer.Load(parse.GetValue(tokenizerDir) ?? modelDir);
                var prompt = text is null ? parse.GetValue(ids)! : tokenizer!.Encode(text);
                if (tokenizer is not null && tokenizer.VocabSize > gpt.Config.VocabSize)
                {
                    Console.Error.WriteLine(
                        $"generate: tokenizer {tokenizer.Source} has {tokenizer.VocabSize} tokens but the model's vocab_size is {gpt.Config.VocabSize}; use the model's own tokenizer");
                    return 1;
                }

                if (prompt.Length == 0)
                {
                    Console.Error.WriteLine("generate: the prompt encodes to no tokens");
                    return 1;
                }
                var options = new SamplingOptions
                {
                    MaxNewTokens = parse.GetValue(maxNew),
                    TopK = parse.GetValue(topK),
                    TopP = parse.GetValue(topP),
                    Temperature = parse.GetValue(temperature),
                    Seed = parse.GetValue(seed),
                    StopAtEos = parse.GetValue(stopAtEos),
                    EosTokenId = gpt.Config.EosTokenId,
                    PadTokenId = gpt.Config.PadTokenId ?? gpt.Config.EosTokenId ?? 0,
                };
                if (options.MaxNewTokens < 0 || prompt.Length + options.MaxNewTokens > gpt.Config.NPositions)
                {
                    Console.Error.WriteLine($"generate: prompt ({prompt.Length}) + --max-new-tokens must be within n_positions {gpt.Config.NPositions}");
                    return 1;
                }

                var result = new Gpt2Sampler(gpt).Generate([prompt], options);
                var length = (int)result.ResponseMask.Sum();
                var response = result.Response.Take(length).ToArray();
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    ids = prompt.Concat(response).ToArray(),
                    response,
                    logprobs = result.LogProbs.Take(length).ToArray(),
                    text = tokenizer?.Decode(response),
                }));
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException or FormatException)
            {
                Console.Error.WriteLine($"generate: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
