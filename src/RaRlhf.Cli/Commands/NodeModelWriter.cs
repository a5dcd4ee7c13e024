using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Cli.Jobs;
using RaRlhf.Text;

namespace RaRlhf.Cli.Commands;

/// <summary>The coordinator node's last step, as `train`'s: the final policy from the blob store (SHA-256 checked)
/// written atomically to RUN/model with the tokenizer (<see cref="TrainModelWriter"/>).</summary>
internal static class NodeModelWriter
{
    public static async Task<string> WriteAsync(ClusterContext cx, PolicyPublished final, ByteLevelBpeTokenizer? tokenizer, CancellationToken ct)
    {
        var bytes = await cx.Blobs.GetAsync(BlobId.Parse(final.BlobId), ct); // verified against the id
        if (!string.Equals(BlobId.Of(bytes).Sha256, final.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"final policy v{final.Version}: blob {final.BlobId} does not hash to the announced {final.Sha256}");
        }

        var policy = cx.Workload.CreatePolicy();
        PolicyBlob.DecodeInto(bytes, policy);
        return TrainModelWriter.Write(cx.Workload.RunDirectory, policy, tokenizer, final, cx.Iterations);
    }
}
