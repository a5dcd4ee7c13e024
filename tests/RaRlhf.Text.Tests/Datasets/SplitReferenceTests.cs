using RaRlhf.Testing;
using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

/// <summary>
/// The built-in splits against split_reference.py, a Python re-implementation of StableHash + DatasetSplit from
/// their documentation: the validation sets are the same record for record, so they do not depend on .NET.
/// </summary>
public sealed class SplitReferenceTests(RealDataFixture data) : IClassFixture<RealDataFixture>
{
    [RequiresPythonFact]
    public void ImdbSplit_Validation_MatchesPythonReimplementation()
    {
        var ours = ImdbDataset.Split(data.ImdbTrain).Validation.Select(r => StableHash.ContentId(ImdbText.Normalize(r.Text)));
        var python = PythonReference.Run("split_reference.py", TestData.Require(ImdbDataset.TrainFile), "text", "label",
            Invariant(ImdbDataset.ValidationFraction), Invariant(DatasetSplit.DefaultSeed), "--normalize-br");
        AssertSameIds(python, ours, 2_500);
    }

    [RequiresPythonFact]
    public void JigsawSplit_Validation_MatchesPythonReimplementation()
    {
        var ours = JigsawDataset.Split(data.Jigsaw).Validation.Select(c => StableHash.ContentId(c.Text));
        var python = PythonReference.Run("split_reference.py", TestData.Require(JigsawDataset.BinaryFile), "comment_text", "toxic",
            Invariant(JigsawDataset.ValidationFraction), Invariant(DatasetSplit.DefaultSeed));
        AssertSameIds(python, ours, 1_218);
    }

    private static void AssertSameIds(string pythonOutput, IEnumerable<string> ours, int count)
    {
        var expected = pythonOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToArray();
        var actual = ours.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(count, expected.Length);
        Assert.Equal(expected, actual);
    }

    private static string Invariant(IFormattable value) => value.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
