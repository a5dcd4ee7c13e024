using RaRlhf.Cli.Prepare;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Tests.Prepare;

/// <summary>The recipes' recorded commands: IMDB is exactly the hand-built asset commands; jigsaw derives its corpus first.</summary>
public sealed class PreparePlanTests
{
    private static readonly string Repo = Path.Combine(Path.GetTempPath(), "checkout");
    private static readonly PreparePaths Paths = new(Path.Combine(Repo, "assets", "imdb"), Path.Combine(Repo, "..", "shared", "data"),
        Path.Combine(Repo, "runs", "prepare", "imdb"), Repo);

    private static List<string> Displayed(PrepareRecipe recipe, bool half) => PreparePlan.Stages(recipe, Paths, DataDirectory.Resolve(Path.GetTempPath()), half)
        .SelectMany(s => s.Commands.Select(c => InProcessCli.Display(c.Select(t => Paths.Display(t, Paths.Resolve(s.Directory, ""))))))
        .ToList();

    [Fact]
    public void Stages_ImdbRecipe_AreTheHandBuiltCommands()
    {
        Assert.Equal(
        [
            "./rarlhf tokenizer train --corpus ../shared/data/imdb/imdb_train.csv ../shared/data/imdb/imdb_unsup.csv --vocab-size 8192 --out assets/imdb/tokenizer",
            "./rarlhf pretrain --task imdb --data ../shared/data --tokenizer assets/imdb/tokenizer --config assets/imdb/model-config.json " +
            "--seq 256 --batch 16 --steps 1200 --lr 6e-4 --warmup 100 --val-every 300 --out assets/imdb/base",
            "./rarlhf sft --task imdb --data ../shared/data --model assets/imdb/base --tokenizer assets/imdb/tokenizer " +
            "--seq 128 --batch 16 --steps 400 --lr 3e-4 --warmup 40 --val-every 200 --out assets/imdb/sft",
            "./rarlhf reward-model train --task imdb --data ../shared/data --model assets/imdb/base --tokenizer assets/imdb/tokenizer " +
            "--seq 256 --batch 16 --steps 1500 --lr 3e-4 --warmup 100 --val-every 500 --val-docs 2000 --out assets/imdb/reward",
        ], Displayed(PrepareRecipe.Imdb, half: false));
        Assert.Equal("""{"n_layer":4,"n_head":4,"n_embd":128,"n_positions":256,"vocab_size":8192,"layer_norm_epsilon":1e-5,"n_inner":null}""",
            PrepareRecipe.Imdb.ModelConfigJson);
    }

    [Fact]
    public void Stages_JigsawRecipeWithHalf_BuildCorpusFirstAndStoreF16()
    {
        var commands = Displayed(PrepareRecipe.Jigsaw, half: true);
        Assert.Equal("./rarlhf prepare corpus --data ../shared/data --imdb-docs 4000 --out runs/prepare/imdb/corpus", commands[0]);
        Assert.StartsWith("./rarlhf tokenizer train --corpus runs/prepare/imdb/corpus/pretrain.jsonl --vocab-size 8192", commands[1]);
        Assert.Contains("./rarlhf prepare half assets/imdb/reward", commands);
        Assert.Contains(commands, c => c.StartsWith("./rarlhf reward-model train --task jigsaw", StringComparison.Ordinal));
        Assert.Equal(PrepareRecipe.Jigsaw, PrepareRecipe.For("rtp", null));
    }

    [Fact]
    public void StageHyperparameters_Args_RenderLearningRatesInENotation()
    {
        Assert.Equal(["--seq", "8", "--batch", "2", "--steps", "3", "--lr", "1.41e-5", "--warmup", "0", "--val-every", "1", "--val-docs", "5"],
            new StageHyperparameters(8, 2, 3, 1.41e-5, 0, 1, 5).Args());
        Assert.Equal(0.0000141, double.Parse("1.41e-5", System.Globalization.CultureInfo.InvariantCulture));
    }
}
