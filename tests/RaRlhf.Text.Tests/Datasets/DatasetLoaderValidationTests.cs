using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>The typed loaders reject values the formats forbid, naming the file and line.</summary>
public sealed class DatasetLoaderValidationTests
{
    [Theory]
    [InlineData("text,label,rating,id\ngood,1,9,0\nbad,2,9,1\n", 3, "label is 2")]
    [InlineData("text,label,rating,id\ngood,1,9,0\nbad,1,3,1\n", 3, "rating 3 contradicts label 1")]
    [InlineData("text,label,rating,id\ngood,1,9,0\nagain,1,8,0\n", 3, "duplicate review id 'train/pos/0'")]
    [InlineData("text,label,rating,id\n\" \",0,2,0\n", 2, "empty review text")]
    [InlineData("text,label,rating,id\ngood,one,9,0\n", 2, "column 'label' holds 'one'")]
    [InlineData("text,label,id\ngood,1,0\n", 1, "no column 'rating'")]
    public void LoadTrain_BadImdbValues_Throw(string csv, long line, string problem)
    {
        using var file = new TempFile(csv);
        var error = Assert.Throws<DatasetFormatException>(() => ImdbDataset.LoadTrain(file.Path));
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadTrain_SameIdDifferentLabels_AreDistinctReviews()
    {
        using var file = new TempFile("text,label,rating,id\na<br />b,1,9,0\nc,0,2,0\n");
        var reviews = ImdbDataset.LoadTrain(file.Path);
        Assert.Equal(["train/pos/0", "train/neg/0"], reviews.Select(r => r.Id));
        Assert.Equal("a\nb", reviews[0].Text);
        Assert.Equal("a<br />b", ImdbDataset.LoadTrain(file.Path, ImdbMarkup.Keep)[0].Text);
    }

    [Theory]
    [InlineData("comment_text,toxic\nfine,0\nhm,yes\n", 3, "column 'toxic' holds 'yes'")]
    [InlineData("comment_text,toxic\n,1\n", 2, "empty 'comment_text'")]
    public void LoadBinary_BadJigsawValues_Throw(string csv, long line, string problem)
    {
        using var file = new TempFile(csv);
        var error = Assert.Throws<DatasetFormatException>(() => JigsawDataset.LoadBinary(file.Path));
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadMultilabel_LabelsBecomeFlags()
    {
        using var file = new TempFile("id,comment_text,toxic,severe_toxic,obscene,threat,insult,identity_hate,source_file\na1,x,1,0,1,0,0,1,f.csv\n");
        var comment = Assert.Single(JigsawDataset.LoadMultilabel(file.Path));
        Assert.Equal(JigsawLabels.Toxic | JigsawLabels.Obscene | JigsawLabels.IdentityHate, comment.Labels);
        Assert.True(comment.IsToxic);
    }

    private const string RtpLine =
        "{\"filename\":\"f.txt\",\"begin\":1,\"end\":9,\"challenging\":false,\"prompt\":{\"text\":\"A\",\"toxicity\":TOX},\"continuation\":{\"text\":\"B\",\"toxicity\":0.1}}";

    [Theory]
    [InlineData("0.7", true, true)]
    [InlineData("0.5", false, true)]
    [InlineData("null", false, false)]
    public void Load_RtpToxicity_ThresholdAndNullAreExplicit(string toxicity, bool toxic, bool scored)
    {
        using var file = new TempFile(RtpLine.Replace("TOX", toxicity, StringComparison.Ordinal) + "\n", ".jsonl");
        var prompt = Assert.Single(RtpDataset.Load(file.Path));
        Assert.Equal(toxic, prompt.IsToxicPrompt);
        Assert.Equal(scored, prompt.HasToxicityScore);
        Assert.Equal("f.txt:1-9", prompt.Id);
    }

    [Theory]
    [InlineData("1.5", "outside [0, 1]")]
    [InlineData("\"high\"", "where a number or null is expected")]
    public void Load_RtpBadToxicity_Throws(string toxicity, string problem)
    {
        using var file = new TempFile(RtpLine.Replace("TOX", toxicity, StringComparison.Ordinal) + "\n", ".jsonl");
        var error = Assert.Throws<DatasetFormatException>(() => RtpDataset.Load(file.Path));
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Load_RtpMissingContinuation_NamesField()
    {
        using var file = new TempFile("{\"filename\":\"f\",\"begin\":1,\"end\":2,\"challenging\":true,\"prompt\":{\"text\":\"A\",\"toxicity\":0.1}}\n", ".jsonl");
        var error = Assert.Throws<DatasetFormatException>(() => RtpDataset.Load(file.Path));
        Assert.Contains("missing field 'continuation'", error.Problem, StringComparison.Ordinal);
    }
}
