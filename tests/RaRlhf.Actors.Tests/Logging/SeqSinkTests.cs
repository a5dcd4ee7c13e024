using System.Text.Json;
using RaRlhf.Actors.Logging;
using Serilog;

namespace RaRlhf.Actors.Tests.Logging;

[Collection(TimingSensitiveCollection.Name)]
public sealed class SeqSinkTests
{
    private static SeqSinkOptions Options(string url, string? apiKey = null, int batchSize = 100, int queueLimit = 1000,
        double periodMs = 50, double flushMs = 5000) => new(url)
    {
        ApiKey = apiKey,
        Batching = new BatcherOptions
        {
            BatchSize = batchSize,
            QueueLimit = queueLimit,
            Period = TimeSpan.FromMilliseconds(periodMs),
            MinBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(100),
            FlushTimeout = TimeSpan.FromMilliseconds(flushMs),
        },
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public async Task Emit_ThreeEvents_PostsClefWithContentTypeAndApiKey()
    {
        using var server = new FakeSeqServer();
        using (var sink = new SeqSink(Options(server.Url, apiKey: "secret-key", batchSize: 3, periodMs: 60_000)))
        using (var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("Iteration {Iteration} done", 1);
            logger.Warning("Reward {Reward:0.00}", 2.5);
            logger.Information("Run {Run}", "r\"1");
            await FakeSeqServer.WaitUntil(() => server.AcceptedLines.Count() == 3);
        }

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/ingest/clef"), (request.Method, request.Path));
        Assert.Equal("application/vnd.serilog.clef", request.ContentType);
        Assert.Equal("secret-key", request.ApiKey);
        Assert.EndsWith("\n", request.Body);
        var events = request.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["Iteration {Iteration} done", "Reward {Reward:0.00}", "Run {Run}"], events.Select(e => e.GetProperty("@mt").GetString()));
        Assert.Equal(1, events[0].GetProperty("Iteration").GetInt32());
        Assert.Equal("Warning", events[1].GetProperty("@l").GetString());
        Assert.Equal("2.50", events[1].GetProperty("@r")[0].GetString());
        Assert.Equal("r\"1", events[2].GetProperty("Run").GetString());
    }

    [Fact]
    public async Task Emit_NoApiKey_HeaderAbsent()
    {
        using var server = new FakeSeqServer();
        using (var sink = new SeqSink(Options(server.Url, batchSize: 1)))
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("one");
            await FakeSeqServer.WaitUntil(() => server.AcceptedLines.Any());
        }

        Assert.Null(Assert.Single(server.Requests).ApiKey);
    }

    [Fact]
    public async Task Emit_MoreThanBatchSize_SplitIntoBoundedBatches()
    {
        using var server = new FakeSeqServer();
        using (var sink = new SeqSink(Options(server.Url, batchSize: 2)))
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            for (var i = 0; i < 5; i++)
            {
                logger.Information("event {N}", i);
            }

            await FakeSeqServer.WaitUntil(() => server.AcceptedLines.Count() == 5);
        }

        Assert.All(server.Requests, r => Assert.InRange(r.Lines.Length, 1, 2));
        Assert.True(server.Requests.Count >= 3);
        var order = server.AcceptedLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("N").GetInt32());
        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public async Task Emit_BatchNotFull_SentAfterPeriod()
    {
        using var server = new FakeSeqServer();
        using var sink = new SeqSink(Options(server.Url, batchSize: 1000, periodMs: 100));
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        logger.Information("lonely");
        await FakeSeqServer.WaitUntil(() => sink.Sent == 1);
        Assert.Single(server.AcceptedLines);
    }

    [Fact]
    public void Emit_SeqDown_NoExceptionAndEveryEventCountedAsDropped()
    {
        var url = $"http://127.0.0.1:{FakeSeqServer.FreePort()}";
        var sink = new SeqSink(Options(url, batchSize: 10, queueLimit: 20, flushMs: 300));
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            for (var i = 0; i < 200; i++)
            {
                logger.Information("event {N}", i);
            }
        }

        sink.Dispose();
        Assert.Equal(0, sink.Sent);
        Assert.Equal(200, sink.Dropped);
    }

    [Fact]
    public void Emit_ServerFailsThenRecovers_RetriedAndDelivered()
    {
        using var server = new FakeSeqServer(500, 503, 201);
        var sink = new SeqSink(Options(server.Url, batchSize: 10));
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("must arrive");
        }

        sink.Dispose();
        Assert.Equal([500, 503, 201], server.Requests.Select(r => r.Status));
        Assert.All(server.Requests, r => Assert.Equal(server.Requests.First().Body, r.Body));
        Assert.Equal((1L, 0L), (sink.Sent, sink.Dropped));
    }

    [Fact]
    public void Emit_ServerRejects400_DroppedWithoutRetry()
    {
        using var server = new FakeSeqServer(400);
        var sink = new SeqSink(Options(server.Url, batchSize: 10));
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("one");
            logger.Information("two");
        }

        sink.Dispose();
        Assert.Single(server.Requests);
        Assert.Equal((0L, 2L), (sink.Sent, sink.Dropped));
    }

    [Fact]
    public void Emit_AfterOverflow_NextBatchReportsDropCount()
    {
        using var server = new FakeSeqServer();
        var sink = new SeqSink(Options(server.Url, batchSize: 100, queueLimit: 2, periodMs: 60_000));
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            for (var i = 0; i < 5; i++)
            {
                logger.Information("event {N}", i);
            }
        }

        sink.Dispose();
        var lines = server.AcceptedLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(3, lines[0].GetProperty("DroppedEvents").GetInt32());
        Assert.Equal([3, 4], lines.Skip(1).Select(e => e.GetProperty("N").GetInt32()));
        Assert.Equal(3, sink.Dropped);
    }

    [Fact]
    public void Emit_EventOverBodyLimit_DroppedAloneAndReported()
    {
        using var server = new FakeSeqServer();
        var sink = new SeqSink(Options(server.Url, batchSize: 100, periodMs: 60_000) with { EventBodyLimitBytes = 500 });
        using (var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger())
        {
            logger.Information("small {N}", 1);
            logger.Information("huge {Blob}", new string('x', 1000));
            logger.Information("small {N}", 2);
        }

        sink.Dispose();
        var lines = server.AcceptedLines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(1, lines[0].GetProperty("DroppedEvents").GetInt32());
        Assert.Equal([1, 2], lines.Skip(1).Select(e => e.GetProperty("N").GetInt32()));
        Assert.Equal((2L, 1L), (sink.Sent, sink.Dropped));
    }

    [Fact]
    public async Task Emit_SeqHangs_CallerNeverWaitsAndQueueStaysBounded()
    {
        using var server = new FakeSeqServer();
        var release = new TaskCompletionSource();
        server.Hold = release.Task;
        var sink = new SeqSink(Options(server.Url, batchSize: 5, queueLimit: 50));
        using var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();
        logger.Information("first");
        await FakeSeqServer.WaitUntil(() => server.Pending == 1);

        // Seq now holds the first POST open. Emitting must still complete (a blocking sink would hang here).
        var emitting = Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                logger.Information("event {N}", i);
            }
        });
        await emitting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1000 - 50, sink.Dropped);

        release.SetResult();
        await FakeSeqServer.WaitUntil(() => sink.Sent == 51);
        var last = server.AcceptedLines.Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("N", out _)).Select(e => e.GetProperty("N").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(950, 50), last);
    }
}
