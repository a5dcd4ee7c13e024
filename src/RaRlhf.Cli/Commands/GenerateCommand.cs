using System.CommandLine;
using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf generate --model DIR --ids 1,2,3 [...]`: sample a continuation; prints ids and behaviour log-probs.</summary>
internal sealed class GenerateCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model directory (config.json + model.safetensors)", Required = true };
        var ids = TokenIdsOption.Create();
        var maxNew = new Option<int>("--max-new-tokens") { Description = "Tokens to generate", DefaultValueFactory = _ => 20 };
        var topK = new Option<int>("--top-k") { Description = "Keep the k most likely tokens (0 = off)", DefaultValueFactory = _ => 0 };
        var topP = new Option<float>("--top-p") { Description = "Nucleus mass (1 = off)", DefaultValueFactory = _ => 1f };
        var temperature = new Option<float>("--temperature") { Description = "Softmax temperature (0 = greedy)", DefaultValueFactory = _ => 1f };
        var seed = new Option<ulong>("--seed") { Description = "Sampling seed", DefaultValueFactory = _ => 0UL };
        var stopAtEos = new Option<bool>("--stop-at-eos") { Description = "Stop a row at eos_token_id from config.json" };
        var command = new Command("generate", "Sample a continuation of token ids from a GPT-2 model (text prompts arrive with the tokenizer).");
        foreach (var o in new Option[] { model, ids, maxNew, topK, topP, temperature, seed, stopAtEos }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            try
            {
                var gpt = Gpt2Checkpoint.Load(parse.GetValue(model)!);
                var prompt = parse.GetValue(ids)!;
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
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    ids = prompt.Concat(result.Response.Take(length)).ToArray(),
                    response = result.Response.Take(length).ToArray(),
                    logprobs = result.LogProbs.Take(length).ToArray(),
                }));
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"generate: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
