using RaRlhf.Text.Bpe;

namespace RaRlhf.Text.Tests;

public sealed class WordCacheTests
{
    [Fact]
    public void Get_AfterManyAddsAcrossGrowth_ReturnsEveryStoredValue()
    {
        var cache = new WordCache();
        for (var i = 0; i < 50_000; i++)
        {
            var key = $"w{i}";
            Assert.Null(cache.Get(key, out var hash));
            cache.Add(key, hash, [i, -i]);
        }

        for (var i = 0; i < 50_000; i++)
        {
            Assert.Equal(new[] { i, -i }, cache.Get($"w{i}", out _)!);
        }

        Assert.Null(cache.Get("w50000", out _));
    }

    [Fact]
    public void Add_KeyLongerThanLimit_IsNotCached()
    {
        var cache = new WordCache();
        var key = new string('x', 65);
        cache.Get(key, out var hash);
        cache.Add(key, hash, [1]);
        Assert.Null(cache.Get(key, out _));
    }
}
