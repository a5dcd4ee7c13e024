using RaRlhf.Cli.Training;
using RaRlhf.Models;
using RaRlhf.Rl.Training;

namespace RaRlhf.Cli.Tests.Training;

public sealed class TrainingPlumbingTests
{
    [Fact]
    public void FromFiles_TwentyLines_HoldsOutEveryTenthDocument()
    {
        var path = Path.Combine(TinyTraining.TempDir(), "corpus.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 20).Select(i => $"doc {i}").Append(""));

        var texts = TrainingTexts.FromFiles([path], maxDocs: null);

        Assert.Equal(["doc 9", "doc 19"], texts.Validation);
        Assert.Equal(18, texts.Train.Count);
        Assert.DoesNotContain("doc 9", texts.Train);
    }

    [Fact]
    public void Take_CapBelowCount_ReturnsDistinctItemsInOriginalOrderFromBothEnds()
    {
        var items = Enumerable.Range(0, 1000).ToList();

        var sample = DocumentSample.Take(items, 100);

        Assert.Equal(100, sample.Distinct().Count());
        Assert.Equal(sample.Order(), sample);
        Assert.Contains(sample, i => i < 500);
        Assert.Contains(sample, i => i >= 500);
        Assert.Same(items, DocumentSample.Take(items, 1000));
    }

    [Fact]
    public void FromFiles_MissingFile_ThrowsNamingIt()
    {
        var e = Assert.Throws<TrainingInputException>(() => TrainingTexts.FromFiles(["/no/such/corpus.txt"], null));
        Assert.Contains("/no/such/corpus.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TokenizerLargerThanModelVocab_ThrowsWithBothSizes()
    {
        var dir = TinyTraining.TempDir();
        TinyTraining.Tokenizer().Save(dir);

        var e = Assert.Throws<TrainingInputException>(() => TrainingTokenizer.Load(dir, modelVocabSize: 300, "config.json"));

        Assert.Contains("320 tokens", e.Message, StringComparison.Ordinal);
        Assert.Contains("vocab_size 300", e.Message, StringComparison.Ordinal);
        Assert.Equal(320, TrainingTokenizer.Load(dir, 320, "config.json").VocabSize);
    }

    [Fact]
    public void Encode_MaxLength_TruncatesAndDropsEmpty()
    {
        var tokenizer = TinyTraining.Tokenizer();
        var full = tokenizer.Encode("the old man jumped over the green tree.");

        var docs = DocumentEncoder.Encode(tokenizer, ["the old man jumped over the green tree.", ""], maxLength: 3);

        Assert.Single(docs);
        Assert.Equal(full[..3], docs[0]);
    }

    [Fact]
    public void Format_HalfwayAfterTenSeconds_ReportsTokensPerSecondAndEta()
    {
        var p = new TrainingProgress(5, 10, 1e-3, 2.5, 0.75, 2.0, null, null, TimeSpan.FromSeconds(10));

        var line = ProgressLine.Format(p, tokensPerStep: 200);

        Assert.Equal("step 5/10 lr 1.00E-003 loss 2.5000 grad_norm 0.750 val_loss 2.0000 val_ppl 7.4 tokens/s 100 eta 00:00:10", line);
    }

    [Fact]
    public void Write_ExistingDirectory_IsReplacedWithoutLeftovers()
    {
        var root = TinyTraining.TempDir();
        var dir = Path.Combine(root, "m");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "stale.txt"), "old");
        var model = new Gpt2Model(TinyTraining.Config());
        Gpt2Init.InitializeFromScratch(model, 3);

        ModelDirectoryWriter.Write(model, TinyTraining.Tokenizer(), dir, new Dictionary<string, object> { ["side.json"] = new { a = 1 } });

        Assert.Equal(["config.json", "merges.txt", "model.safetensors", "side.json", "tokenizer.json", "vocab.json"],
            Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal([dir], Directory.GetDirectories(root));
        Assert.Equal(model.Parameters, Gpt2Checkpoint.Load(dir).Parameters);
    }
}
