using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Tensors.Safetensors;
using RaRlhf.Models;
using Xunit.Abstractions;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class PolicyBlobPruningTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PruneAsync_SixVersions_KeepsNewestKAndEveryNonPolicyBlob()
    {
        using var dir = new TempRunDirectory();
        await using var blobs = new FileBlobStore(Path.Combine(dir.Path, "blobs"));
        var policy = TinyRun.Policy(1);
        var versions = new List<BlobId>();
        for (var v = 0; v < 6; v++) versions.Add(await blobs.PutAsync(PolicyBlob.Encode(policy, v))); // same weights, distinct blobs
        var raw = await blobs.PutAsync(new byte[] { 9, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3 });
        var unversioned = await blobs.PutAsync(SafetensorsWriter.ToBytes(Gpt2Checkpoint.Tensors(policy), new Dictionary<string, string> { ["format"] = "pt" }));

        var deleted = await PolicyBlobPruning.PruneAsync(blobs, current: 5, keep: 2);

        Assert.Equal(4, deleted);
        Assert.Equal(new[] { versions[4], versions[5], raw, unversioned }.OrderBy(id => id.Sha256, StringComparer.Ordinal), await blobs.ListAsync());
        Assert.Equal(1, await PolicyBlobPruning.PruneAsync(blobs, current: 5));
        Assert.Equal(0, await PolicyBlobPruning.PruneAsync(blobs, current: 5));
        Assert.True(await blobs.ExistsAsync(versions[5]));
    }

    /// <summary>
    /// Stop after 2 of 5, leave an old version's blob behind as a crash between snapshot and prune would, resume:
    /// the resumed learner needs no deleted blob, ends with the uninterrupted run's weights, and the store then
    /// holds only the final version.
    /// </summary>
    [Fact]
    public async Task Run_StoppedWithGarbageAndResumed_SameWeightsAndOnlyFinalBlobLeft()
    {
        const int iterations = 5, k = 2;
        var (expected, _) = DirectLoop.Run(iterations, seed: 3, alpha: 1m);
        using var dir = new TempRunDirectory();
        var options = TinyRun.Options(dir.Path, iterations);
        var blobDir = Path.Combine(dir.Path, "blobs");
        await using (var first = LocalPipeline.Start(options))
        {
            var stopped = await first.RunAsync(until: k);
            Assert.Equal([BlobId.Parse(stopped.Policy.BlobId)], await first.Blobs.ListAsync());
            output.WriteLine($"after {k} iterations: {BlobBytes(blobDir)} bytes in RUN/blobs (one policy blob)");
            await first.Blobs.PutAsync(PolicyBlob.Encode(options.CreatePolicy(), 0)); // garbage of a crash before the prune
        }

        await using var second = LocalPipeline.Start(options);
        var progress = await second.RunAsync();
        var actual = await second.LoadPolicyAsync(progress.Policy);

        Assert.Equal(expected, actual);
        Assert.Equal([BlobId.Parse(progress.Policy.BlobId)], await second.Blobs.ListAsync());
        output.WriteLine($"after {iterations}: {BlobBytes(blobDir)} bytes in RUN/blobs; max |Δw| vs direct loop = {expected.Zip(actual, (a, b) => MathF.Abs(a - b)).Max()}");
    }

    private static long BlobBytes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
