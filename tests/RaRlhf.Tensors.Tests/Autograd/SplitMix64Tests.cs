namespace RaRlhf.Tensors.Tests.Autograd;

public sealed class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_SeedZero_MatchesPublishedSequence()
    {
        // First outputs of the reference splitmix64.c (Vigna) seeded with 0.
        var rng = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, rng.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, rng.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, rng.NextUInt64());
    }

    [Fact]
    public void NextSigned_ManyDraws_StayInHalfOpenRange()
    {
        var rng = new SplitMix64(42);
        for (var i = 0; i < 10_000; i++) { Assert.InRange(rng.NextSigned(), -1f, 1f - 1e-7f); }
    }
}
