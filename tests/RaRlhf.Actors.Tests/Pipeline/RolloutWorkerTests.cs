using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Models.Sampling;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class RolloutWorkerTests
{
    [Fact]
    public async Task Generate_PublishedPolicy_SameTokensAndLogProbsAsSamplerOnThoseWeights()
    {
        using var dir = new TempRunDirectory();
        await using var blobs = new FileBlobStore(Path.Combine(dir.Path, "blobs"));
        var policy = TinyRun.Policy(9);
        var id = await blobs.PutAsync(PolicyBlob.Encode(policy, 0));
        await using var system = new ActorSystem("t", Logger.None);
        var worker = Spawn(system, blobs);
        await worker.TellAsync(new PolicyPublished(0, id.Sha256, id.Sha256));
        var prompts = new PromptBatch(2, 0, [0, 1], [[1, 2, 3], [4]]);
        var rollouts = await worker.AskAsync<Rollouts>(new Generate(prompts, 0), TimeSpan.FromSeconds(30));

        var gen = new Gpt2Sampler(policy).Generate(prompts.Prompts, TinyRun.Sampling with { Seed = RolloutWorker.SeedFor(5, 2) });
        Assert.Equal(0, rollouts.PolicyVersion);
        Assert.Equal(gen.Response.AsSpan(0, 8).ToArray(), rollouts.ResponseIds[0]);
        Assert.Equal(gen.LogProbs.AsSpan(8, 8).ToArray(), rollouts.BehaviourLogProbs[1]);
    }

    [Fact]
    public async Task Generate_WrongVersionOrTamperedAnnouncement_Refused()
    {
        using var dir = new TempRunDirectory();
        await using var blobs = new FileBlobStore(Path.Combine(dir.Path, "blobs"));
        var policy = TinyRun.Policy(9);
        var id = await blobs.PutAsync(PolicyBlob.Encode(policy, 0));
        await using var system = new ActorSystem("t", Logger.None);
        var worker = Spawn(system, blobs);
        var prompts = new PromptBatch(0, 0, [0], [[1, 2]]);

        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => worker.AskAsync<Rollouts>(new Generate(prompts, 0), TimeSpan.FromSeconds(30)));
        Assert.Contains("holds v-1", none.Message);

        var wrongSha = new string('0', 64);
        var tampered = await Assert.ThrowsAsync<InvalidDataException>(() => worker.AskAsync<object>(new PolicyPublished(1, id.Sha256, wrongSha), TimeSpan.FromSeconds(30)));
        Assert.Contains(wrongSha, tampered.Message);
    }

    private static ActorRef Spawn(ActorSystem system, IBlobStore blobs) => system.Spawn("worker",
        () => new RolloutWorker(blobs, () => TinyRun.Policy(1), TinyRun.Sampling, seed: 5),
        new ActorOptions { Supervision = SupervisorStrategy.Default with { RedeliverInFlight = false } });
}
