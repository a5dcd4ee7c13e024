using System.Text;
using RaRlhf.Cli.Jobs;
using RaRlhf.Cli.Tests.Training;
using RaRlhf.Models;
using RaRlhf.Testing;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// Tiny assets for <see cref="TrainJob"/> in a temp dir: a 320-token BPE, a random 2-layer / 32-dim GPT-2 policy,
/// a random 2-label classifier as reward, and an IMDB-shaped data dir (imdb/imdb_train.csv of generated reviews).
/// </summary>
internal sealed class TrainFixture
{
    public const int Reviews = 48;

    public TrainFixture()
    {
        Root = TinyTraining.TempDir();
        var tokenizer = TinyTraining.Tokenizer();
        tokenizer.Save(Tokenizer);
        var config = TinyTraining.Config(tokenizer.VocabSize) with { EosTokenId = tokenizer.EosId };
        var policy = new Gpt2Model(config);
        Gpt2Init.InitializeFromScratch(policy, seed: 11);
        Gpt2Checkpoint.Save(policy, Policy);
        var reward = new Gpt2Model(config, Gpt2Heads.Score, numLabels: 2);
        Gpt2Init.InitializeFromScratch(reward, seed: 12);
        Gpt2Checkpoint.Save(reward, Reward);
        WriteImdb(Path.Combine(Data, "imdb", "imdb_train.csv"), Reviews);
    }

    public string Root { get; }

    public string Tokenizer => Path.Combine(Root, "tokenizer");

    public string Policy => Path.Combine(Root, "policy");

    public string Reward => Path.Combine(Root, "reward");

    public string Data => Path.Combine(Root, "data");

    public string NewRun() => Path.Combine(Root, "run-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>hocon/tasks/imdb.conf with the tiny assets and a 3-iteration, B = 8 schedule; <paramref name="extra"/> wins.</summary>
    public TrainRequest Request(string run, TextWriter output, TextWriter error, params string[] extra) =>
        new(run, Path.Combine(TestData.RepoRoot, "hocon", "tasks", "imdb.conf"),
            [
                $"model.tokenizer=\"{Tokenizer}\"", $"model.policy=\"{Policy}\"", $"reward.scorers.classifier.model=\"{Reward}\"",
                $"run.data_dir=\"{Data}\"", "run.iterations=3", "ppo.batch_size=8", "ppo.mini_batch_size=4", "ppo.learning_rate=1e-3",
                "generation.prompt_tokens=12", "generation.gen_len=6", "risk.warmup=0", "risk.alpha=0.5", "risk.rho=0.5",
                "logging.console.enabled=off", .. extra,
            ])
        { Output = output, Error = error };

    /// <summary>IMDB train.csv shape (text,label,rating,id): every 8th review is short (≤ 200 chars, never a prompt).</summary>
    public static void WriteImdb(string path, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var csv = new StringBuilder("text,label,rating,id\n");
        for (var i = 0; i < count; i++)
        {
            var sentences = TinyTraining.Corpus(125).Skip(i).Take(i % 8 == 7 ? 2 : 12);
            var label = i % 2;
            csv.Append($"\"{string.Join(' ', sentences)}\",{label},{(label == 1 ? 8 : 3)},{i}\n");
        }

        File.WriteAllText(path, csv.ToString());
    }
}
