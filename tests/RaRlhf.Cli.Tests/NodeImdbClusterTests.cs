using System.Text;
using RaRlhf.Testing;
using Xunit.Abstractions;

namespace RaRlhf.Cli.Tests;

/// <summary>
/// `cluster.workload = task` on the committed IMDB assets (tokenizer, SFT policy, reward classifier) and real IMDB
/// reviews: coordinator+learner, one rollout and one reward node as child processes against the real RabbitMQ and
/// PostgreSQL must end with exactly the weights of `train` with the same settings (tolerance 0, float32 bit for bit).
/// Small on purpose: B = 4, gen_len 8, 2 iterations, and a data dir holding the first <see cref="Reviews"/> reviews of
/// imdb_train.csv (tokenizing all 25 000 costs ~10 s per process).
/// </summary>
[Collection(NodeServersCollection.Name)]
public sealed class NodeImdbClusterTests(NodeServers servers, ITestOutputHelper output)
{
    private const int Reviews = 200, Iterations = 2, BatchSize = 4;

    [Fact]
    public async Task Node_ImdbTaskWorkload_SameWeightsAsLocalTrain()
    {
        var data = Directory.CreateTempSubdirectory("rarlhf-node-imdb-").FullName;
        try
        {
            WriteFirstReviews(TestData.Require("imdb/imdb_train.csv"), Path.Combine(data, "imdb", "imdb_train.csv"), Reviews);
            var assets = Path.Combine(TestData.RepoRoot, "assets", "imdb");
            string[] shared =
            [
                "--set", $"run.data_dir=\"{data}\"", "--set", $"model.tokenizer=\"{Path.Combine(assets, "tokenizer")}\"",
                "--set", $"model.policy=\"{Path.Combine(assets, "sft")}\"", "--set", $"reward.scorers.classifier.model=\"{Path.Combine(assets, "reward")}\"",
                "--set", $"run.iterations={Iterations}", "--set", $"ppo.batch_size={BatchSize}", "--set", $"ppo.mini_batch_size={BatchSize}",
                "--set", "generation.gen_len=8", "--set", "risk.warmup=0", "--set", "risk.alpha=0.5",
            ];
            var local = NodeRun.TrainWeightsAsync(["--config", Path.Combine(TestData.RepoRoot, "hocon", "tasks", "imdb.conf"), .. shared], Iterations);

            using var run = new NodeRun(servers, "cluster-imdb.conf", shared);
            string[] chunks = ["--set", "cluster.chunks=2"];
            NodeProcess[] nodes = [run.Start("coordinator,learner", "main", chunks), run.Start("rollout", "rollout", chunks), run.Start("reward", "reward", chunks)];
            await run.WaitAllAsync(nodes, TimeSpan.FromMinutes(3));

            var (learned, weights) = await run.ResultAsync(Iterations, () => Models.Gpt2Checkpoint.Load(Path.Combine(assets, "sft"), Models.Gpt2Heads.Value));
            var expected = await local;
            output.WriteLine($"{weights.Length} weights; max |Δw| vs train = {NodeRun.MaxAbsDiff(expected, weights)}; " +
                             $"reward_mean per iteration {string.Join(' ', learned.Select(l => l.Completed.Metrics["env/reward_mean"].ToString("G4")))}");
            Assert.Equal(expected, weights);
            NodeRun.AssertEveryEpisodeOnce(learned, Iterations, BatchSize);
            Assert.Contains(nodes[0].Lines, l => l.Contains("written to", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(run.Directory, "runs", run.Name, "model", "tokenizer.json")), "the coordinator writes RUN/model with the tokenizer");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The header and the first <paramref name="count"/> records of a CSV whose quoted fields may span lines,
    /// copied byte for byte (the text is read from the data dir at test time, never committed).</summary>
    private static void WriteFirstReviews(string source, string target, int count)
    {
        var text = File.ReadAllText(source);
        int records = -1, end = 0;
        var quoted = false;
        while (end < text.Length && records < count)
        {
            var c = text[end++];
            if (c == '"') quoted = !quoted;
            else if (c == '\n' && !quoted) records++;
        }

        Assert.Equal(count, records);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, text[..end], new UTF8Encoding(false));
    }
}
