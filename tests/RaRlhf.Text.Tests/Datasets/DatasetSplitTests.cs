using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

public sealed class DatasetSplitTests
{
    private static readonly (string Key, int Label)[] Records =
        Enumerable.Range(0, 1000).Select(i => ($"item/{i}", i % 10 < 3 ? 1 : 0)).ToArray(); // 300 ones, 700 zeros

    [Fact]
    public void Split_Stratified_IsDisjointCompleteAndExactPerLabel()
    {
        var split = DatasetSplit.Split(Records, r => r.Key, r => r.Label, 0.1);

        Assert.Empty(split.Train.Intersect(split.Validation));
        Assert.Equal(Records.Length, split.Train.Count + split.Validation.Count);
        Assert.Equal(30, split.Validation.Count(r => r.Label == 1));
        Assert.Equal(70, split.Validation.Count(r => r.Label == 0));
    }

    [Fact]
    public void Split_SameInputTwice_GivesSameValidation()
    {
        var first = DatasetSplit.Split(Records, r => r.Key, r => r.Label, 0.2);
        var second = DatasetSplit.Split(Records, r => r.Key, r => r.Label, 0.2);
        Assert.Equal(first.Validation, second.Validation);
    }

    [Fact]
    public void Split_ShuffledInput_SelectsSameRecordsAndKeepsInputOrder()
    {
        var shuffled = Records.OrderBy(r => StableHash.Of(r.Key, 99)).ToArray();
        var original = DatasetSplit.Split(Records, r => r.Key, r => r.Label, 0.2);
        var fromShuffled = DatasetSplit.Split(shuffled, r => r.Key, r => r.Label, 0.2);

        Assert.Equal(original.Validation.ToHashSet(), fromShuffled.Validation.ToHashSet());
        Assert.Equal(shuffled.Where(fromShuffled.Validation.Contains), fromShuffled.Validation);
    }

    [Fact]
    public void Split_OtherSeed_ChoosesDifferentRecords()
    {
        var a = DatasetSplit.Split(Records, r => r.Key, r => r.Label, 0.1, seed: 1).Validation.ToHashSet();
        var b = DatasetSplit.Split(Records, r => r.Key, r => r.Label, 0.1, seed: 2).Validation.ToHashSet();
        Assert.True(a.Intersect(b).Count() < 50, $"seeds 1 and 2 share {a.Intersect(b).Count()} of 100 validation records");
    }

    [Fact]
    public void Split_ValidationIsNotAPrefixOfTheFile()
    {
        var validation = DatasetSplit.Split(Records, r => r.Key, null, 0.1).Validation;
        var positions = validation.Select(r => int.Parse(r.Key["item/".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(100, positions.Length);
        Assert.InRange(positions.Average(), 350, 650); // a prefix would average 49.5
    }

    [Fact]
    public void Split_DuplicateKeys_NeverStraddleTheSplit()
    {
        var records = Enumerable.Range(0, 400).Select(i => (Key: $"text {i % 100}", Index: i)).ToArray(); // each key 4 times
        for (var fraction = 0.01; fraction < 1; fraction += 0.07)
        {
            var split = DatasetSplit.Split(records, r => r.Key, null, fraction);
            var trainKeys = split.Train.Select(r => r.Key).ToHashSet();
            Assert.DoesNotContain(split.Validation, r => trainKeys.Contains(r.Key));
        }
    }

    [Theory]
    [InlineData(0.0, 0)]
    [InlineData(1.0, 1000)]
    public void Split_ExtremeFractions_AreAllTrainOrAllValidation(double fraction, int validation) =>
        Assert.Equal(validation, DatasetSplit.Split(Records, r => r.Key, r => r.Label, fraction).Validation.Count);

    [Fact]
    public void Split_FractionOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSplit.Split(Records, r => r.Key, null, 1.5));
}
