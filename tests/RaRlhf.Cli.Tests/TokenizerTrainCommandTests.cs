using RaRlhf.Text;

namespace RaRlhf.Cli.Tests;

public sealed class TokenizerTrainCommandTests
{
    [Fact]
    public void TokenizerTrain_TinyCorpus_SavedTokenizerLoadsAndRoundTrips()
    {
        var dir = Directory.CreateTempSubdirectory("rarlhf-bpe-train-").FullName;
        try
        {
            var corpus = Path.Combine(dir, "corpus.txt");
            var documents = Enumerable.Range(0, 40)
                .Select(i => $"the quick brown fox {i} jumps over the lazy dog; the dog sleeps and the fox runs")
                .ToArray();
            File.WriteAllLines(corpus, documents);
            var outDir = Path.Combine(dir, "tok");
            var (code, stdout, stderr) = CliRunner.Run("tokenizer", "train", "--corpus", corpus, "--vocab-size", "300", "--out", outDir);
            Assert.True(code == 0, $"tokenizer train failed ({code}): {stdout}{stderr}");

            var tokenizer = ByteLevelBpeTokenizer.Load(outDir);
            Assert.InRange(tokenizer.VocabSize, 258, 300); // 256 bytes + at least one merge + <|endoftext|>
            Assert.True(tokenizer.MergeCount > 0, "no merges learned");
            Assert.NotNull(tokenizer.EosId);
            foreach (var text in documents.Take(3).Append("unseen words: zebra, ünïcödé, 😀"))
            {
                Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
            }

            // Merges were learned from the corpus, so its text needs fewer ids than bytes.
            Assert.True(tokenizer.Encode(documents[0]).Length < documents[0].Length / 2,
                $"{tokenizer.Encode(documents[0]).Length} ids for {documents[0].Length} bytes");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
