using RaRlhf.Testing;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>
/// The real files against the counts published in the data folder's README (25,000 train with 12,500 per label;
/// 50,000 unsup; 12,180 Jigsaw with 6,090 toxic; 2,281 multilabel; 5,000 RTP). Counts the README does not state
/// (197 toxic multilabel rows, 19 unscored and 1,249 toxic RTP prompts) were counted with Python's csv/json modules.
/// </summary>
public sealed class RealDatasetTests(RealDataFixture data) : IClassFixture<RealDataFixture>
{
    [Fact]
    public void LoadTrain_ImdbTrain_Has12500PerLabelAndUniqueIds()
    {
        Assert.Equal(25_000, data.ImdbTrain.Count);
        Assert.Equal(12_500, data.ImdbTrain.Count(r => r.Label == 1));
        Assert.Equal(12_500, data.ImdbTrain.Count(r => r.Label == 0));
        Assert.Equal(25_000, data.ImdbTrain.Select(r => r.Id).Distinct().Count());
        Assert.All(data.ImdbTrain, r => Assert.InRange(r.Rating!.Value, r.Label == 1 ? 7 : 1, r.Label == 1 ? 10 : 4));
    }

    [Fact]
    public void LoadUnsup_ImdbUnsup_Has50000UnlabelledReviews()
    {
        Assert.Equal(50_000, data.ImdbUnsup.Count);
        Assert.All(data.ImdbUnsup, r => Assert.Null(r.Label));
        Assert.StartsWith("unsup/", data.ImdbUnsup[0].Id, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadTrain_LineBreaksVersusKeep_OnlyBreakTagsDiffer()
    {
        var raw = ImdbDataset.LoadTrain(TestData.Require(ImdbDataset.TrainFile), ImdbMarkup.Keep);
        Assert.Contains(raw, r => r.Text.Contains("<br /><br />", StringComparison.Ordinal));
        Assert.DoesNotContain(data.ImdbTrain, r => r.Text.Contains("<br />", StringComparison.Ordinal));
        for (var i = 0; i < raw.Count; i++)
        {
            Assert.Equal(raw[i].Text.Replace("<br />", "\n", StringComparison.Ordinal), data.ImdbTrain[i].Text);
        }
    }

    [Fact]
    public void Split_ImdbTrain_Holds1250PerLabelDisjointFromTrain()
    {
        var split = ImdbDataset.Split(data.ImdbTrain);
        Assert.Equal(2_500, split.Validation.Count);
        Assert.Equal(1_250, split.Validation.Count(r => r.Label == 1));
        Assert.Equal(22_500, split.Train.Count);
        var validationTexts = split.Validation.Select(r => r.Text).ToHashSet();
        Assert.DoesNotContain(split.Train, r => validationTexts.Contains(r.Text));
    }

    [Fact]
    public void PretrainingTexts_ImdbTrainPlusUnsup_ExcludesEveryValidationText()
    {
        var split = ImdbDataset.Split(data.ImdbTrain);
        var texts = ImdbDataset.PretrainingTexts(split, data.ImdbUnsup);
        var validation = split.Validation.Select(r => r.Text).ToHashSet();
        Assert.DoesNotContain(texts, validation.Contains);
        var unsupInValidation = data.ImdbUnsup.Count(r => validation.Contains(r.Text));
        Assert.True(unsupInValidation > 0, "the unsup file repeats some labelled reviews; expected some in validation");
        Assert.Equal(22_500 + 50_000 - unsupInValidation, texts.Count);
    }

    [Fact]
    public void LoadBinary_Jigsaw_Has6090PerLabel()
    {
        Assert.Equal(12_180, data.Jigsaw.Count);
        Assert.Equal(6_090, data.Jigsaw.Count(c => c.IsToxic));
        var split = JigsawDataset.Split(data.Jigsaw);
        Assert.Equal(609, split.Validation.Count(c => c.IsToxic));
        Assert.Equal(609, split.Validation.Count(c => !c.IsToxic));
    }

    [Fact]
    public void LoadMultilabel_Jigsaw_Has2281RowsWith197Toxic()
    {
        var comments = JigsawDataset.LoadMultilabel(TestData.Require(JigsawDataset.MultilabelFile));
        Assert.Equal(2_281, comments.Count);
        Assert.Equal(197, comments.Count(c => c.IsToxic));
        Assert.Equal(18, comments.Count(c => c.Labels.HasFlag(JigsawLabels.SevereToxic)));
    }

    [Fact]
    public void Load_Rtp_Has5000PromptsWithExplicitUnscored()
    {
        Assert.Equal(5_000, data.Rtp.Count);
        Assert.Equal(19, data.Rtp.Count(p => !p.HasToxicityScore));
        Assert.Equal(1_249, data.Rtp.Count(p => p.IsToxicPrompt));
        Assert.DoesNotContain(data.Rtp, p => !p.HasToxicityScore && p.IsToxicPrompt);
        Assert.Equal(32, data.Rtp.Count(p => p.ContinuationToxicity is null));
    }

    [Fact]
    public void Split_Rtp_StratifiesToxicNonToxicAndUnscored()
    {
        var split = RtpDataset.Split(data.Rtp);
        Assert.Equal(250, split.Validation.Count(p => p.IsToxicPrompt)); // round(0.2 * 1249)
        Assert.Equal(4, split.Validation.Count(p => !p.HasToxicityScore)); // round(0.2 * 19)
        Assert.Equal(5_000, split.Train.Count + split.Validation.Count);
    }

    [Fact]
    public void PromptCandidates_Imdb_AreExactlyReviewsOver200CodePoints()
    {
        var candidates = PromptCandidates.Imdb(data.ImdbTrain);
        var expected = data.ImdbTrain.Where(r => r.Text.EnumerateRunes().Count() > 200).Select(r => r.Id);
        Assert.Equal(expected, candidates.Select(c => c.Id));
        Assert.True(candidates.Count > 24_000, $"{candidates.Count} candidates");
    }

    [Fact]
    public void PromptCandidates_Rtp_LabelsToxicUnscoredAndClean()
    {
        var candidates = PromptCandidates.Rtp(data.Rtp);
        Assert.Equal(5_000, candidates.Count);
        Assert.Equal(1_249, candidates.Count(c => c.Label == 1));
        Assert.Equal(19, candidates.Count(c => c.Label is null));
    }
}
