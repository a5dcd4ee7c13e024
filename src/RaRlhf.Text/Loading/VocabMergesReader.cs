using RaRlhf.Text.Bpe;

namespace RaRlhf.Text.Loading;

/// <summary>
/// Reads the classic pair: <c>vocab.json</c> + <c>merges.txt</c> (Hugging Face) or <c>encoder.json</c> +
/// <c>vocab.bpe</c> (OpenAI); same formats. <c>&lt;|endoftext|&gt;</c>, when in the vocabulary, is the special token.
/// </summary>
internal static class VocabMergesReader
{
    public static ByteLevelBpeTokenizer Read(string vocabPath, string mergesPath)
    {
        foreach (var file in new[] { vocabPath, mergesPath })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"{file}: missing (vocab and merges files are read as a pair)", file);
            }
        }

        Dictionary<string, int> vocab;
        using (var document = JsonRead.Parse(vocabPath))
        {
            vocab = JsonRead.Vocab(vocabPath, document.RootElement, "the vocabulary");
        }

        var merges = ReadMerges(mergesPath);
        var added = vocab.TryGetValue(ByteLevelBpeTokenizer.EndOfText, out var eos)
            ? new[] { new AddedToken(eos, ByteLevelBpeTokenizer.EndOfText, Special: true) }
            : [];
        return new ByteLevelBpeTokenizer(new BpeVocabulary($"{vocabPath} + {mergesPath}", vocab, merges, added));
    }

    private static List<(string, string)> ReadMerges(string path)
    {
        var merges = new List<(string, string)>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if ((lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)) || line.Length == 0)
            {
                continue;
            }

            merges.Add(MergeLine.Parse(path, line, $"line {lineNumber}"));
        }

        return merges;
    }
}
