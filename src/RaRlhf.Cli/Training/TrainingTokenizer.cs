using RaRlhf.Text;

namespace RaRlhf.Cli.Training;

/// <summary>Loads the tokenizer a training run encodes with and checks it fits the model's embedding table.</summary>
internal static class TrainingTokenizer
{
    public static ByteLevelBpeTokenizer Load(string pathOrDirectory, int modelVocabSize, string modelSource)
    {
        if (!Directory.Exists(pathOrDirectory) && !File.Exists(pathOrDirectory))
        {
            throw new TrainingInputException($"tokenizer '{pathOrDirectory}' does not exist; train one with `rarlhf tokenizer train` or pass a directory holding tokenizer.json");
        }

        var tokenizer = ByteLevelBpeTokenizer.Load(pathOrDirectory);
        if (tokenizer.VocabSize > modelVocabSize)
        {
            throw new TrainingInputException(
                $"tokenizer {tokenizer.Source} has {tokenizer.VocabSize} tokens but {modelSource} has vocab_size {modelVocabSize}; " +
                "raise vocab_size in the config or use a smaller tokenizer");
        }

        return tokenizer;
    }
}
