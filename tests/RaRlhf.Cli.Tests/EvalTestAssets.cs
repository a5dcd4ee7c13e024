using System.Text.Json;
using RaRlhf.Cli.Jobs;
using RaRlhf.Cli.Tests.Training;
using RaRlhf.Models;
using RaRlhf.Testing;
using RaRlhf.Text;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// Everything `eval` needs, tiny and random, in a temp folder: the BPE of <see cref="TinyTraining"/>, a 2-layer
/// 32-dim policy saved with a value head (eval must ignore it), a second policy, a random 2-label classifier as the
/// reward model, 10-row prompt files (CSV and JSONL with the same texts) and 6 perplexity texts.
/// </summary>
internal sealed class EvalTestAssets
{
    public EvalTestAssets()
    {
        Tokenizer = TinyTraining.Tokenizer();
        Tokenizer.Save(Path.Combine(Root, "tokenizer"));
        Save(new Gpt2Model(TinyTraining.Config(), Gpt2Heads.Value), 1, PolicyDir);
        Save(new Gpt2Model(TinyTraining.Config()), 5, OtherPolicyDir);
        Save(new Gpt2Model(TinyTraining.Config(), Gpt2Heads.Score, numLabels: 2), 2, Path.Combine(Root, "reward"));
        var texts = TinyTraining.Corpus(20).Skip(3).Take(10).ToArray();
        File.WriteAllText(PromptsCsv, "id,text\n" + string.Concat(texts.Select((t, i) => $"r{i},\"{t}\"\n")));
        File.WriteAllText(PromptsJsonl, string.Concat(texts.Select(t => JsonSerializer.Serialize(new { prompt = new { text = t } }) + "\n")));
        File.WriteAllText(PerplexityCsv, "text\n" + string.Concat(TinyTraining.Corpus(40).Skip(30).Take(6).Select(t => $"\"{t} {t}\"\n")));
    }

    public string Root { get; } = TinyTraining.TempDir();

    public ByteLevelBpeTokenizer Tokenizer { get; }

    public string PolicyDir => Path.Combine(Root, "policy");

    public string OtherPolicyDir => Path.Combine(Root, "policy2");

    public string RewardDir => Path.Combine(Root, "reward");

    public string PromptsCsv => Path.Combine(Root, "prompts.csv");

    public string PromptsJsonl => Path.Combine(Root, "prompts.jsonl");

    public string PerplexityCsv => Path.Combine(Root, "ppl.csv");

    public const int PromptTokens = 6, GenLen = 8, PerplexityMaxTokens = 16;

    public string NewRun() => Path.Combine(Root, "run-" + Guid.NewGuid().ToString("N"));

    /// <summary>The --set overrides every test uses (tiny lengths, these assets, no console/file logging).</summary>
    public string[] Overrides(long seed = 7) =>
    [
        $"model.tokenizer={Json(Path.Combine(Root, "tokenizer"))}",
        "reward.use=classifier",
        $"reward.scorers.classifier.model={Json(RewardDir)}",
        $"generation.prompt_tokens={PromptTokens}",
        $"generation.gen_len={GenLen}",
        $"eval.perplexity.texts={Json(PerplexityCsv)}",
        $"eval.perplexity.max_tokens={PerplexityMaxTokens}",
        "eval.batch_size=4",
        "eval.progress_every=4",
        "logging.console.enabled=off",
        "logging.file.enabled=off",
        $"run.seed={seed}",
    ];

    public EvalRequest Request(string run, string method, string? prompts = null, string? model = null, long seed = 7, TextWriter? output = null) =>
        new(run, method, model ?? PolicyDir, ConfigPath, Overrides(seed))
        {
            PromptsFile = prompts ?? PromptsCsv,
            Output = output ?? TextWriter.Null,
        };

    public static string ConfigPath => Path.Combine(TestData.RepoRoot, "hocon", "local.conf");

    private static string Json(string s) => JsonSerializer.Serialize(s);

    private static void Save(Gpt2Model model, ulong seed, string dir)
    {
        Gpt2Init.InitializeFromScratch(model, seed);
        Gpt2Checkpoint.Save(model, dir);
    }
}
