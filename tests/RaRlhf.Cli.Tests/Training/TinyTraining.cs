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

    private static readonly System.Collections.Concurrent.ConcurrentBag<string> Created = CleanUpAtExit();

    /// <summary>A fresh directory under the temp folder, deleted when the test host exits (the tests that use it run
    /// child processes and fixtures that outlive a single test, so no test deletes it itself).</summary>
    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rarlhf-cli-training-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        Created.Add(dir);
        return dir;
    }

    private static System.Collections.Concurrent.ConcurrentBag<string> CleanUpAtExit()
    {
        var created = new System.Collections.Concurrent.ConcurrentBag<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var dir in created)
            {
                try
                {
                    Directory.Delete(dir, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Left for the OS temp cleaner.
                }
            }
        };
        return created;
    }
}
