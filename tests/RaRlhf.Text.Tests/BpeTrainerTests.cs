using RaRlhf.Testing;
using RaRlhf.Text.Training;

namespace RaRlhf.Text.Tests;

public sealed class BpeTrainerTests
{
    private static readonly Lazy<List<string>> s_corpus = new(() => ImdbSample.Texts(count: 300, stride: 97));

    [Fact]
    public void Train_ClassicExample_MergesMostFrequentPairsWithIdTieBreak()
    {
        // "aaabdaaabac": a a ×4 first; then a b and aa a tie at 2 and a b has the smaller ids (64, 65) < (256, 64).
        var tokenizer = BpeTrainer.Train(["aaabdaaabac"], new BpeTrainingSettings(256 + 3 + 1, MinFrequency: 2));
        var merges = Enumerable.Range(0, tokenizer.Vocabulary.Merges.Count)
            .Select(r => tokenizer.Vocabulary.Merges[r])
            .Select(m => $"{tokenizer.IdToToken(m.Left)} {tokenizer.IdToToken(m.Right)}").ToArray();
        Assert.Equal(["a a", "a b", "aa ab"], merges);
        Assert.Equal(260, tokenizer.VocabSize);
        Assert.Equal(259, tokenizer.EosId);
    }

    [Fact]
    public void Train_ImdbSample_EqualsNaiveReferenceTrainer()
    {
        var corpus = s_corpus.Value.Take(60).ToList();
        var trained = BpeTrainer.Train(corpus, new BpeTrainingSettings(256 + 300 + 1, MinFrequency: 2));
        var expected = NaiveBpeTrainer.Merges(corpus, 300, minFrequency: 2);
        var actual = Enumerable.Range(0, trained.Vocabulary.Merges.Count).Select(r => trained.Vocabulary.Merges[r])
            .Select(m => (trained.IdToToken(m.Left), trained.IdToToken(m.Right))).ToList();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Train_HighMinFrequency_StopsBeforeVocabSizeLikeReference()
    {
        var corpus = s_corpus.Value.Take(40).ToList();
        var trained = BpeTrainer.Train(corpus, new BpeTrainingSettings(5000, MinFrequency: 50));
        var expected = NaiveBpeTrainer.Merges(corpus, 5000, minFrequency: 50);
        Assert.Equal(expected.Count, trained.Vocabulary.Merges.Count);
        Assert.True(trained.VocabSize < 5000, $"vocab {trained.VocabSize}");
    }

    [Fact]
    public void Train_OneOrTwoThreads_GivesIdenticalTokenizerFiles()
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        BpeTrainer.Train(s_corpus.Value, new BpeTrainingSettings(1000, Threads: 1)).Save(one.Path);
        BpeTrainer.Train(s_corpus.Value, new BpeTrainingSettings(1000, Threads: 2)).Save(two.Path);
        foreach (var file in new[] { "tokenizer.json", "vocab.json", "merges.txt" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(one.Path, file)), File.ReadAllBytes(Path.Combine(two.Path, file)));
        }
    }

    [Fact]
    public void Save_TrainedTokenizer_LoadsBackWithSameIdsInEveryLayout()
    {
        using var dir = new TempDirectory();
        var trained = BpeTrainer.Train(s_corpus.Value, new BpeTrainingSettings(1200, SpecialTokens: ["<|endoftext|>", "<|pad|>"]));
        trained.Save(dir.Path);
        var fromJson = ByteLevelBpeTokenizer.Load(Path.Combine(dir.Path, "tokenizer.json"));
        var fromPair = ByteLevelBpeTokenizer.Load(Path.Combine(dir.Path, "vocab.json"));
        Assert.Equal(1200, fromJson.VocabSize);
        Assert.Equal(1198, fromJson.EosId);
        Assert.Equal(1199, fromJson.TokenToId("<|pad|>"));
        var texts = ImdbSample.Texts(count: 50, stride: 1001);
        foreach (var text in texts)
        {
            var ids = trained.Encode(text);
            Assert.Equal(ids, fromJson.Encode(text));
            Assert.Equal(ids, fromPair.Encode(text));
        }

        Assert.Equal([1198, 1199], fromJson.Encode("<|endoftext|><|pad|>", allowSpecial: true));
    }

    [Fact]
    public void DecodeEncode_TrainedTokenizerOnRandomUnicode_ReturnsOriginal()
    {
        var trained = BpeTrainer.Train(s_corpus.Value, new BpeTrainingSettings(800));
        var random = new Random(5);
        for (var trial = 0; trial < 1000; trial++)
        {
            var text = RandomText.Next(random, 50);
            Assert.Equal(text, trained.Decode(trained.Encode(text)));
        }

        foreach (var text in s_corpus.Value)
        {
            Assert.Equal(text, trained.Decode(trained.Encode(text)));
        }
    }

    [Theory]
    [InlineData(200, 2)]
    [InlineData(1000, 0)]
    public void Train_InvalidSettings_ThrowsSayingWhy(int vocabSize, int minFrequency)
    {
        var e = Assert.Throws<ArgumentException>(() =>
            BpeTrainer.Train(["abc"], new BpeTrainingSettings(vocabSize, minFrequency)));
        Assert.Matches("vocab size|min frequency", e.Message);
    }

    [Fact]
    public void Train_Progress_ReportsCountingAndMerging()
    {
        var phases = new List<string>();
        BpeTrainer.Train(s_corpus.Value, new BpeTrainingSettings(600),
            new SynchronousProgress(p => { lock (phases) { phases.Add(p.Phase); } }));
        Assert.Contains("counting", phases);
        Assert.Contains("merging", phases);
    }

    [Fact]
    public void Train_CorpusReaderFails_SurfacesItsOwnException()
    {
        static IEnumerable<string> Broken()
        {
            yield return "fine";
            throw new InvalidDataException("corpus.csv: line 2: quoted field never closed");
        }

        var e = Assert.Throws<InvalidDataException>(() => BpeTrainer.Train(Broken(), new BpeTrainingSettings(300)));
        Assert.Contains("corpus.csv: line 2", e.Message);
    }

    private sealed class SynchronousProgress(Action<BpeTrainingProgress> report) : IProgress<BpeTrainingProgress>
    {
        public void Report(BpeTrainingProgress value) => report(value);
    }
}
