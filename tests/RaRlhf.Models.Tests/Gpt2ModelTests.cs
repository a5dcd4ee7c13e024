namespace RaRlhf.Models.Tests;

public sealed class Gpt2ModelTests
{
    [Fact]
    public void Forward_LeftPaddedRow_EqualsUnpaddedRowAtRealPositions()
    {
        var model = SmallModels.Create();
        var v = model.Config.VocabSize;
        int[] tokens = [4, 8, 15, 16, 0, 9];
        model.Forward(tokens, [], 1, tokens.Length);
        var unpadded = model.Logits.ToArray();
        model.Forward([7, 7, 7, .. tokens], [0, 0, 0, 1, 1, 1, 1, 1, 1], 1, tokens.Length + 3);
        var padded = model.Logits.ToArray()[(3 * v)..];
        var max = padded.Zip(unpadded).Max(p => Math.Abs(p.First - p.Second));
        Console.WriteLine($"left padding vs none: max |diff| {max:E2}");
        Assert.True(max < 1e-5);
    }

    [Fact]
    public void ForwardBackward_ShrinkingBatchReusesBuffers_SameAsFreshModel()
    {
        var reused = SmallModels.Create();
        var fresh = SmallModels.Create();
        var big = SmallModels.Ids(3, 9);
        var small = SmallModels.Ids(2, 5, seed: 4);
        var mask = SmallModels.LeftPadMask(2, 5);
        var loss = new Training.LanguageModelLoss();
        loss.Forward(reused, big, [], 3, 9);
        loss.Backward(reused);
        reused.ZeroGrad();
        var lossReused = loss.Forward(reused, small, mask, 2, 5);
        loss.Backward(reused);
        var lossFresh = loss.Forward(fresh, small, mask, 2, 5);
        loss.Backward(fresh);
        Assert.Equal(lossFresh, lossReused);
        Assert.Equal(fresh.Logits.ToArray(), reused.Logits.ToArray());
        Assert.Equal(fresh.Gradients, reused.Gradients);
    }

    [Fact]
    public void Forward_SequenceLongerThanPositions_ThrowsNamingLimit()
    {
        var model = SmallModels.Create();
        var e = Assert.Throws<ArgumentException>(() => model.Forward(new int[41], [], 1, 41));
        Assert.Contains("n_positions 40", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FillPositions_MixedPadding_FollowsHfCumsumRule()
    {
        var positions = new int[8];
        Gpt2Model.FillPositions([0, 0, 1, 1, 1, 1, 0, 0], positions, 1, 8);
        Assert.Equal([1, 1, 0, 1, 2, 3, 1, 1], positions);
    }
}
