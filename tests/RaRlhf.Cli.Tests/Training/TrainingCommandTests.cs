using RaRlhf.Cli.Commands;
using RaRlhf.Models;

namespace RaRlhf.Cli.Tests.Training;

/// <summary>The commands in-process: a tiny end-to-end pretrain → sft, and bad input → exit code 2.</summary>
public sealed class TrainingCommandTests
{
    private static int Run(ICliCommand command, params string[] args) => command.Create().Parse(args).Invoke();

    private static (string Root, string Tokenizer, string Config, string Corpus) Inputs(int vocabSize = 320)
    {
        var root = TinyTraining.TempDir();
        var tokenizer = Path.Combine(root, "tok");
        TinyTraining.Tokenizer().Save(tokenizer);
        var config = Path.Combine(root, "config.json");
        TinyTraining.Config(vocabSize).Save(config);
        var corpus = Path.Combine(root, "corpus.txt");
        File.WriteAllLines(corpus, TinyTraining.Corpus(300));
        return (root, tokenizer, config, corpus);
    }

    [Fact]
    public void Pretrain_ThenSft_WritesLoadableModelDirectories()
    {
        var (root, tok, config, corpus) = Inputs();
        var pre = Path.Combine(root, "pre");
        var sft = Path.Combine(root, "sft");

        Assert.Equal(0, Run(new PretrainCommand(), "--out", pre, "--tokenizer", tok, "--config", config, "--corpus", corpus,
            "--seq", "32", "--batch", "4", "--steps", "3", "--warmup", "1"));
        Assert.Equal(0, Run(new SftCommand(), "--model", pre, "--out", sft, "--corpus", corpus, "--seq", "16", "--batch", "4", "--steps", "2"));

        var before = Gpt2Checkpoint.Load(pre);
        var after = Gpt2Checkpoint.Load(sft);
        Assert.Equal(before.Parameters.Length, after.Parameters.Length);
        Assert.NotEqual(before.Parameters, after.Parameters);
        Assert.True(File.Exists(Path.Combine(sft, "tokenizer.json")));
    }

    [Fact]
    public void Pretrain_BadInputs_ExitWithCode2()
    {
        var (root, tok, config, corpus) = Inputs();
        var small = Inputs(vocabSize: 300).Config;
        string[] Args(string tokenizer, string cfg, string steps) =>
            ["--out", Path.Combine(root, "o"), "--tokenizer", tokenizer, "--config", cfg, "--corpus", corpus, "--seq", "32", "--steps", steps];

        Assert.Equal(2, Run(new PretrainCommand(), Args(Path.Combine(root, "missing"), config, "3")));
        Assert.Equal(2, Run(new PretrainCommand(), Args(tok, Path.Combine(root, "missing.json"), "3")));
        Assert.Equal(2, Run(new PretrainCommand(), Args(tok, small, "3")));
        Assert.Equal(2, Run(new PretrainCommand(), Args(tok, config, "0")));
        Assert.Equal(2, Run(new PretrainCommand(), "--out", Path.Combine(root, "o"), "--tokenizer", tok, "--config", config, "--task", "imdb",
            "--data", Path.Combine(root, "no-data"), "--steps", "1"));
        Assert.False(Directory.Exists(Path.Combine(root, "o")));
    }

    [Fact]
    public void SftAndRewardModel_MissingModelDir_ExitWithCode2()
    {
        var root = TinyTraining.TempDir();
        Assert.Equal(2, Run(new SftCommand(), "--model", Path.Combine(root, "none"), "--out", Path.Combine(root, "o"), "--task", "imdb"));
        Assert.Equal(2, Run(new RewardModelCommand(), "train", "--model", Path.Combine(root, "none"), "--out", Path.Combine(root, "o"), "--task", "imdb"));
    }
}
