using RaRlhf.Cli.Training;
using RaRlhf.Models;
using RaRlhf.Rl.Training;
using RaRlhf.Text;
using Xunit.Abstractions;

namespace RaRlhf.Cli.Tests.Training;

public sealed class LmRunTests(ITestOutputHelper output)
{
    [Fact]
    public void Run_TinyCorpus30Steps_ValidationLossDropsAndSavedDirReloadsIdentically()
    {
        var tokenizer = TinyTraining.Tokenizer();
        var texts = new TrainingTexts(TinyTraining.Corpus(400), TinyTraining.Corpus(40));
        var model = new Gpt2Model(TinyTraining.Config() with { EosTokenId = tokenizer.EosId });
        Gpt2Init.InitializeFromScratch(model, seed: 1);
        var settings = new LmRunSettings(SequenceLength: 32, BatchSize: 8, Steps: 30, LearningRate: 6e-3, WarmupSteps: 3, EvalEvery: 10, Seed: 0, Packed: true);
        var validation = LmCorpus.Packed(DocumentEncoder.Encode(tokenizer, texts.Validation), 32, tokenizer.EosId);
        var before = new CausalLmTrainer(model.Clone(), new CausalLmSettings { BatchSize = 8 }).Evaluate(validation);
        var dir = Path.Combine(TinyTraining.TempDir(), "model");
        var lines = new List<string>();

        var last = LmRun.Run(model, tokenizer, texts, settings, dir, lines.Add);

        foreach (var line in lines) output.WriteLine(line);
        output.WriteLine($"validation loss {before:F4} → {last.ValidationLoss:F4}");
        Assert.Equal(30, last.Step);
        Assert.True(last.ValidationLoss < 0.75 * before, $"validation loss {before} → {last.ValidationLoss}");
        Assert.Contains(lines, l => l.StartsWith("step 10/30", StringComparison.Ordinal) && l.Contains("val_loss", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("tokens/s", StringComparison.Ordinal) && l.Contains("eta", StringComparison.Ordinal));

        var reloaded = Gpt2Checkpoint.Load(dir);
        var ids = tokenizer.Encode("the cat sat on the mat.");
        var mask = Enumerable.Repeat(1f, ids.Length).ToArray();
        model.Forward(ids, mask, 1, ids.Length);
        var expected = model.Logits.ToArray();
        reloaded.Forward(ids, mask, 1, ids.Length);
        var maxDiff = expected.Zip(reloaded.Logits.ToArray(), (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"reloaded logits max |diff| {maxDiff}");
        Assert.Equal(0f, maxDiff);
        Assert.Equal(tokenizer.EosId, reloaded.Config.EosTokenId);
        Assert.Equal(ids, ByteLevelBpeTokenizer.Load(dir).Encode("the cat sat on the mat."));
        Assert.Equal([dir], Directory.GetDirectories(Path.GetDirectoryName(dir)!));
    }

    [Fact]
    public void Run_TextShorterThanOneWindow_ThrowsTrainingInputException()
    {
        var tokenizer = TinyTraining.Tokenizer();
        var model = new Gpt2Model(TinyTraining.Config());
        var settings = new LmRunSettings(32, 8, 5, 1e-3, 0, 0, 0, Packed: true);
        var e = Assert.Throws<TrainingInputException>(() =>
            LmRun.Run(model, tokenizer, new TrainingTexts(["a cat."], ["a dog."]), settings, Path.Combine(TinyTraining.TempDir(), "m"), _ => { }));
        Assert.Contains("--seq 32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeqBeyondPositions_ThrowsNamingTheOption()
    {
        var e = Assert.Throws<TrainingInputException>(() => new LmRunSettings(128, 8, 5, 1e-3, 0, 0, 0, true).Validate(nPositions: 64));
        Assert.Contains("--seq", e.Message, StringComparison.Ordinal);
        Assert.Throws<TrainingInputException>(() => new LmRunSettings(32, 8, 0, 1e-3, 0, 0, 0, true).Validate(64));
        Assert.Throws<TrainingInputException>(() => new LmRunSettings(32, 8, 5, double.NaN, 0, 0, 0, true).Validate(64));
    }
}
