using RaRlhf.Text.Datasets;

namespace RaRlhf.Cli.Training;

/// <summary>
/// A reward-model task: labelled train/validation texts, which label's logit is the score, and the sign that turns it into
/// a reward (IMDB: label 1 = positive, reward = +logit; Jigsaw: label 1 = toxic, reward = −logit).
/// </summary>
internal sealed record RewardTask(string Name, IReadOnlyList<(string Text, int Label)> Train, IReadOnlyList<(string Text, int Label)> Validation,
    int ScoreLabel, int Sign, string ScoreMeaning)
{
    public static RewardTask Load(string name, DataDirectory data, int? maxDocs, int? maxValidationDocs) => name switch
    {
        "imdb" => Imdb(data, maxDocs, maxValidationDocs),
        "jigsaw" => Jigsaw(data, maxDocs, maxValidationDocs),
        _ => throw new TrainingInputException($"--task must be imdb or jigsaw, not '{name}'"),
    };

    private static RewardTask Imdb(DataDirectory data, int? maxDocs, int? maxValidationDocs)
    {
        var split = ImdbDataset.Split(ImdbDataset.LoadTrain(data.Require(ImdbDataset.TrainFile)));
        static IReadOnlyList<(string, int)> Rows(IReadOnlyList<ImdbReview> r, int? m) => DocumentSample.Take(r.Select(x => (x.Text, x.Label!.Value)).ToList(), m);
        return new RewardTask("imdb", Rows(split.Train, maxDocs), Rows(split.Validation, maxValidationDocs), 1, +1, "logit of label 1 (positive sentiment)");
    }

    private static RewardTask Jigsaw(DataDirectory data, int? maxDocs, int? maxValidationDocs)
    {
        var split = JigsawDataset.Split(JigsawDataset.LoadBinary(data.Require(JigsawDataset.BinaryFile)));
        static IReadOnlyList<(string, int)> Rows(IReadOnlyList<JigsawComment> r, int? m) => DocumentSample.Take(r.Select(x => (x.Text, x.Label)).ToList(), m);
        return new RewardTask("jigsaw", Rows(split.Train, maxDocs), Rows(split.Validation, maxValidationDocs), 1, -1, "logit of label 1 (toxic); reward = -score");
    }
}
