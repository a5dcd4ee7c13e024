using RaRlhf.Models;
using RaRlhf.Text;
using RaRlhf.Text.Training;

namespace RaRlhf.Cli.Tests.Training;

/// <summary>A tiny deterministic corpus, a byte-level BPE trained on it and a 2-layer / 32-dim GPT-2 config.</summary>
internal static class TinyTraining
{
    private static readonly string[] Subjects = ["the cat", "a dog", "my friend", "the old man", "a small bird"];
    private static readonly string[] Verbs = ["sat on", "looked at", "ran to", "jumped over", "slept near"];
    private static readonly string[] Objects = ["the mat", "a red box", "the green tree", "the river", "a warm house"];

    /// <summary>Sentences "subject verb object." in a fixed order (i·7 mod 125), so the next word is learnable.</summary>
    public static List<string> Corpus(int count) => Enumerable.Range(0, count)
        .Select(i => (i * 7) % 125)
        .Select(k => $"{Subjects[k % 5]} {Verbs[k / 5 % 5]} {Objects[k / 25 % 5]}.")
        .ToList();

    public static ByteLevelBpeTokenizer Tokenizer() => BpeTrainer.Train(Corpus(125), new BpeTrainingSettings(VocabSize: 320, Threads: 1));

    public static Gpt2Config Config(int vocabSize = 320) => new(NLayer: 2, NHead: 2, NEmbd: 32, NPositions: 64, VocabSize: vocabSize);

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rarlhf-cli-training-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
