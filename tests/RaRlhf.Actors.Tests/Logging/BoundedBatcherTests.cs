using System.Collections.Concurrent;
using RaRlhf.Actors.Logging;

namespace RaRlhf.Actors.Tests.Logging;

[Collection(TimingSensitiveCollection.Name)]
public sealed class BoundedBatcherTests
{
    private static BatcherOptions Options(QueueFullMode mode) => new()
    {
        BatchSize = 1000,
        QueueLimit = 5,
        Period = TimeSpan.FromHours(1),
        FullMode = mode,
        FlushTimeout = TimeSpan.FromSeconds(5),
    };

    [Theory]
    [InlineData(QueueFullMode.DropOldest, new[] { 15, 16, 17, 18, 19 })]
    [InlineData(QueueFullMode.DropNewest, new[] { 0, 1, 2, 3, 4 })]
    public void Enqueue_PastLimit_QueueStaysBoundedAndDropsCounted(QueueFullMode mode, int[] kept)
    {
        var delivered = new ConcurrentQueue<int>();
        var batcher = new BoundedBatcher<int>(Options(mode), (batch, _) =>
        {
            foreach (var item in batch)
            {
                delivered.Enqueue(item);
            }

            return Task.FromResult(BatchOutcome.Sent);
        });
        for (var i = 0; i < 20; i++)
        {
            batcher.Enqueue(i);
        }

        Assert.Equal(5, batcher.Queued);
        Assert.Equal(15, batcher.Dropped);
        batcher.Dispose();
        Assert.Equal(kept, delivered);
        Assert.Equal((5L, 15L), (batcher.Sent, batcher.Dropped));
    }

    [Fact]
    public void Dispose_TransportThrowsForever_ReturnsWithinFlushTimeoutAndCountsDrops()
    {
        var options = Options(QueueFullMode.DropOldest) with
        {
            // Long enough for several 10 ms backoffs even on a loaded machine (200 ms saw one attempt at load 30).
            FlushTimeout = TimeSpan.FromSeconds(1),
            MinBackoff = TimeSpan.FromMilliseconds(10),
        };
        var attempts = 0;
        var batcher = new BoundedBatcher<int>(options, (_, _) =>
        {
            Interlocked.Increment(ref attempts);
            throw new HttpRequestException("connection refused");
        });
        batcher.Enqueue(1);
        batcher.Enqueue(2);
        batcher.Dispose();
        Assert.Equal(2, batcher.Dropped);
        Assert.True(attempts >= 2, $"expected retries, saw {attempts} attempt(s)");
        Assert.False(batcher.Enqueue(3));
        Assert.Equal(3, batcher.Dropped);
    }

    [Theory]
    [InlineData(1, 100)]
    [InlineData(2, 200)]
    [InlineData(4, 800)]
    [InlineData(5, 1000)]
    [InlineData(60, 1000)]
    public void Backoff_Attempt_DoublesUpToMax(int attempt, int expectedMs)
    {
        var options = new BatcherOptions { MinBackoff = TimeSpan.FromMilliseconds(100), MaxBackoff = TimeSpan.FromSeconds(1) };
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), options.Backoff(attempt));
    }
}
