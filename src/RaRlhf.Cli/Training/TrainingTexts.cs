using RaRlhf.Text.Corpus;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Training;

/// <summary>Train and validation documents for a language-model run, from a task or from corpus files.</summary>
internal sealed record TrainingTexts(IReadOnlyList<string> Train, IReadOnlyList<string> Validation)
{
    /// <summary>IMDB pretraining: train side of the fixed split + unlabelled reviews; validation = the held-out split (never trained on).</summary>
    public static TrainingTexts ImdbPretraining(DataDirectory data, int? maxDocs, int? maxValidationDocs)
    {
        var split = ImdbDataset.Split(ImdbDataset.LoadTrain(data.Require(ImdbDataset.TrainFile)));
        var unsup = ImdbDataset.LoadUnsup(data.Require(ImdbDataset.UnsupFile));
        return new TrainingTexts(DocumentSample.Take(ImdbDataset.PretrainingTexts(split, unsup), maxDocs),
            DocumentSample.Take(split.Validation.Select(r => r.Text).ToList(), maxValidationDocs));
    }

    /// <summary>IMDB SFT: the positive (label 1) reviews of each side of the split.</summary>
    public static TrainingTexts ImdbPositive(DataDirectory data, int? maxDocs, int? maxValidationDocs)
    {
        var split = ImdbDataset.Split(ImdbDataset.LoadTrain(data.Require(ImdbDataset.TrainFile)));
        static List<string> Positive(IReadOnlyList<ImdbReview> r) => r.Where(x => x.Label == 1).Select(x => x.Text).ToList();
        return new TrainingTexts(DocumentSample.Take(Positive(split.Train), maxDocs), DocumentSample.Take(Positive(split.Validation), maxValidationDocs));
    }

    /// <summary>
    /// Corpus files (.csv 'text' column, .jsonl 'text' field, else one document per line); every 10th document
    /// (index % 10 == 9) is held out for validation.
    /// </summary>
    public static TrainingTexts FromFiles(IReadOnlyList<string> paths, int? maxDocs, int? maxValidationDocs = null)
    {
        var missing = paths.Where(p => !File.Exists(p)).ToArray();
        if (missing.Length > 0) throw new TrainingInputException($"corpus file(s) not found: {string.Join(", ", missing)}");
        var docs = paths.SelectMany(p => CorpusReader.ReadTexts(p)).Where(t => t.Length > 0);
        if (maxDocs is { } m) docs = docs.Take(m);
        var all = docs.ToList();
        if (all.Count < 2) throw new TrainingInputException($"the corpus {string.Join(", ", paths)} has {all.Count} non-empty documents; need ≥ 2 (one is held out)");
        Func<int, bool> held = all.Count < 10 ? i => i == all.Count - 1 : i => i % 10 == 9;
        var train = all.Where((_, i) => !held(i)).ToList();
        var validation = all.Where((_, i) => held(i)).ToList();
        return new TrainingTexts(train, DocumentSample.Take(validation, maxValidationDocs));
    }

}
