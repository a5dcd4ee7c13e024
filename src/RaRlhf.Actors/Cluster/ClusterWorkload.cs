using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Models;
using RaRlhf.Rl.Risk;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// What a cluster run trains: <see cref="PipelineOptions"/> as the local pipeline uses them, so the same seed and
/// settings give the same episodes and weights in both modes. Built from the settings exactly as `train --tiny` builds
/// its run (run.seed, run.iterations with 0 = <see cref="TinyDefaultIterations"/>, risk.*).
/// </summary>
public static class ClusterWorkload
{
    public const int TinyDefaultIterations = 40;

    public static PipelineOptions Tiny(RunSettings settings)
    {
        var iterations = settings.Run.Iterations == 0 ? TinyDefaultIterations : settings.Run.Iterations;
        var baseline = TinyRun.Options(settings.Run.Dir, iterations, unchecked((ulong)settings.Run.Seed));
        var kind = settings.Risk.Schedule switch
        {
            Configuration.Settings.RiskScheduleKind.Linear => Rl.Risk.RiskScheduleKind.Linear,
            Configuration.Settings.RiskScheduleKind.Constant => Rl.Risk.RiskScheduleKind.Constant,
            _ => Rl.Risk.RiskScheduleKind.Soft,
        };
        var risk = new RiskSchedule(baseline.Ppo.BatchSize, iterations, (decimal)settings.Risk.Alpha, settings.Risk.Warmup,
            (decimal)settings.Risk.Rho, kind).Validate();
        return baseline with { Risk = risk };
    }

    /// <summary>A fresh trainer on the initial policy and the frozen reference.</summary>
    public static PpoTrainer CreateTrainer(PipelineOptions o) => new(o.CreatePolicy(), o.CreateReference(), o.Ppo);

    /// <summary>SHA-256 of the policy's blob as <see cref="PublishAsync"/> puts it (<see cref="PolicyBlob"/> at <paramref name="version"/>).</summary>
    public static string Sha256Of(Gpt2Model policy, long version) => BlobId.Of(PolicyBlob.Encode(policy, version)).Sha256;

    /// <summary>Puts the policy's weights into the blob store (<see cref="PolicyBlob"/>) and announces them as <paramref name="version"/>.</summary>
    public static async Task<PolicyPublished> PublishAsync(IBlobStore blobs, Gpt2Model policy, long version, CancellationToken ct)
    {
        var bytes = PolicyBlob.Encode(policy, version);
        var id = await blobs.PutAsync(bytes, ct);
        return new PolicyPublished(version, id.Sha256, BlobId.Of(bytes).Sha256);
    }
}
