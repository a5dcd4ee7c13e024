namespace RaRlhf.Text.Loading;

/// <summary>Finds which tokenizer files a path names and reads them.</summary>
internal static class TokenizerFiles
{
    public static ByteLevelBpeTokenizer Load(string pathOrDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pathOrDirectory);
        var path = Path.GetFullPath(pathOrDirectory);
        if (Directory.Exists(path))
        {
            return LoadDirectory(path);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such tokenizer file or directory", path);
        }

        var directory = Path.GetDirectoryName(path)!;
        return Path.GetFileName(path) switch
        {
            "vocab.json" => VocabMergesReader.Read(path, Path.Combine(directory, "merges.txt")),
            "merges.txt" => VocabMergesReader.Read(Path.Combine(directory, "vocab.json"), path),
            "encoder.json" => VocabMergesReader.Read(path, Path.Combine(directory, "vocab.bpe")),
            "vocab.bpe" => VocabMergesReader.Read(Path.Combine(directory, "encoder.json"), path),
            _ => HfTokenizerJsonReader.Read(path),
        };
    }

    private static ByteLevelBpeTokenizer LoadDirectory(string directory)
    {
        string In(string name) => Path.Combine(directory, name);
        if (File.Exists(In("tokenizer.json")))
        {
            return HfTokenizerJsonReader.Read(In("tokenizer.json"));
        }

        if (File.Exists(In("vocab.json")) && File.Exists(In("merges.txt")))
        {
            return VocabMergesReader.Read(In("vocab.json"), In("merges.txt"));
        }

        if (File.Exists(In("encoder.json")) && File.Exists(In("vocab.bpe")))
        {
            return VocabMergesReader.Read(In("encoder.json"), In("vocab.bpe"));
        }

        throw new FileNotFoundException(
            $"{directory}: no tokenizer here; expected tokenizer.json, vocab.json + merges.txt, or encoder.json + vocab.bpe",
            directory);
    }
}
