using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using RaRlhf.Models;
using RaRlhf.Models.Sampling;
using RaRlhf.Models.Training;
using RaRlhf.Cli.Commands.Bench;
using RaRlhf.Tensors;
using RaRlhf.Tensors.Kernels;
using RaRlhf.Tensors.Optim;

namespace RaRlhf.Cli.Bench;

/// <summary>
/// GPT-2 throughput: train = forward + backward + AdamW step of the LM loss on B×T tokens; decode = prefill T/2
/// prompt tokens then G sampled tokens per row for B rows (KV cache), counted as B·G / wall time. Random weights.
/// </summary>
internal static class ModelBenchmark
{
    public static (IReadOnlyList<Option> Options, Func<ParseResult, int> Action) Create()
    {
        var config = new Option<string>("--config") { Description = "GPT-2 config.json (n_layer, n_head, n_embd, vocab_size, n_positions)", Required = true };
        var batch = new Option<int>("--batch") { Description = "Rows B", DefaultValueFactory = _ => 8 };
        var seq = new Option<int>("--seq") { Description = "Training sequence length T (decode prefills T/2)", DefaultValueFactory = _ => 112 };
        var gen = new Option<int>("--gen") { Description = "Tokens generated per row G", DefaultValueFactory = _ => 48 };
        var steps = new Option<int>("--steps") { Description = "Timed training steps (after one warm-up)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var profile = new Option<bool>("--profile") { Description = "Also report decode time per phase (decode_profile_ms)" };
        var threads = new Option<int>("--threads") { Description = "Kernel threads (GEMM, attention); default all cores", DefaultValueFactory = _ => Environment.ProcessorCount };
        var cpuClock = new Option<bool>("--cpu-clock") { Description = "Time the --profile phases on the calling thread's CPU clock (use with --threads 1 on a busy machine)" };
        return ([config, batch, seq, gen, steps, json, profile, threads, cpuClock], parse =>
        {
            Gpt2Config cfg;
            try
            {
                cfg = Gpt2Config.Load(parse.GetValue(config)!);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"bench: {e.Message}");
                return 1;
            }

            int b = parse.GetValue(batch), t = parse.GetValue(seq), g = parse.GetValue(gen), n = Math.Max(1, parse.GetValue(steps));
            if (b < 1 || t < 2 || g < 1 || t / 2 + g > cfg.NPositions || t > cfg.NPositions)
            {
                Console.Error.WriteLine($"bench: need --batch ≥ 1, 2 ≤ --seq ≤ n_positions ({cfg.NPositions}), --gen ≥ 1 and seq/2 + gen ≤ n_positions");
                return 1;
            }

            if (parse.GetValue(threads) < 1)
            {
                Console.Error.WriteLine("bench: --threads must be ≥ 1");
                return 1;
            }

            Gemm.Threads = parse.GetValue(threads);
            var decodeProfile = !parse.GetValue(profile) ? null
                : parse.GetValue(cpuClock) ? new DecodeProfile(() => (long)(ThreadCpuClock.NowSeconds() * 1e9), 1_000_000_000) : new DecodeProfile();
            var result = Run(cfg, b, t, g, n, decodeProfile);
            Console.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(result)
                : string.Join(Environment.NewLine, result.Select(kv => $"{kv.Key,-22} {kv.Value}")));
            return 0;
        });
    }

    private static Dictionary<string, object> Run(Gpt2Config cfg, int b, int t, int g, int steps, DecodeProfile? profile)
    {
        var model = new Gpt2Model(cfg);
        Gpt2Init.InitializeFromScratch(model, 0);
        var ids = Enumerable.Range(0, b * t).Select(i => (int)(SplitMix64.At(1, (ulong)i) % (ulong)cfg.VocabSize)).ToArray();
        var loss = new LanguageModelLoss();
        var adam = new Adam(model.Parameters.Length, AdamSettings.AdamW(1e-4f));
        void TrainStep()
        {
            model.ZeroGrad();
            loss.Forward(model, ids, [], b, t);
            loss.Backward(model);
            adam.Step(model.Parameters, model.Gradients);
        }

        TrainStep();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) TrainStep();
        var trainSeconds = clock.Elapsed.TotalSeconds / steps;

        var prompts = Enumerable.Range(0, b).Select(r => ids.AsSpan(r * t, t / 2).ToArray()).ToArray();
        var sampler = new Gpt2Sampler(model) { Profile = profile };
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        clock.Restart();
        sampler.Generate(prompts, new SamplingOptions { MaxNewTokens = g, Seed = 1 });
        var decodeSeconds = clock.Elapsed.TotalSeconds;
        self.Refresh();
        var decodeCpuSeconds = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
        var result = new Dictionary<string, object>
        {
            ["n_layer"] = cfg.NLayer, ["n_head"] = cfg.NHead, ["n_embd"] = cfg.NEmbd, ["vocab_size"] = cfg.VocabSize,
            ["batch"] = b, ["seq"] = t, ["gen"] = g, ["threads"] = Gemm.Threads,
            ["train_step_s"] = Math.Round(trainSeconds, 4),
            ["train_tokens_per_s"] = Math.Round(b * t / trainSeconds, 1),
            ["decode_s"] = Math.Round(decodeSeconds, 4),
            ["decode_tokens_per_s"] = Math.Round(b * g / decodeSeconds, 1),
            ["decode_cpu_s"] = Math.Round(decodeCpuSeconds, 4), // process CPU time (all threads) while decoding
            ["peak_rss_mb"] = Math.Round(self.PeakWorkingSet64 / 1048576.0, 1),
            ["parameters"] = model.Parameters.Length,
        };
        if (sampler.Profile is { } p) result["decode_profile_ms"] = p.Milliseconds();
        return result;
    }
}
