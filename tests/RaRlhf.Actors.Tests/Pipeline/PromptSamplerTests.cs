using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Persistence.InMemory;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using Serilog.Core;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class PromptSamplerTests
{
    private static readonly IReadOnlyList<int[]> Prompts = Enumerable.Range(0, 10).Select(i => new[] { i, i + 1 }).ToArray();

    [Fact]
    public async Task NextPrompts_OneEpoch_DisjointBatchesDropLastAndNewOrderNextEpoch()
    {
        var journal = new InMemoryJournalData();
        await using var system = new ActorSystem("t", Logger.None);
        var sampler = Spawn(system, journal);
        var batches = new List<PromptBatch>();
        for (var m = 0; m < 4; m++)
        {
            batches.Add(await sampler.AskAsync<PromptBatch>(new NextPrompts(m, 4), TimeSpan.FromSeconds(10)));
        }

        // 10 prompts, batches of 4: iterations 0,1 use 8 of epoch 0 (2 dropped), 2,3 start epoch 1.
        Assert.Equal([0, 0, 1, 1], batches.Select(b => b.Epoch));
        Assert.Empty(batches[0].Indices.Intersect(batches[1].Indices));
        Assert.Empty(batches[2].Indices.Intersect(batches[3].Indices));
        Assert.NotEqual(batches[0].Indices, batches[2].Indices);
        Assert.All(batches, b => Assert.Equal(b.Indices.Select(i => Prompts[i]), b.Prompts));
        Assert.Equal(Enumerable.Range(0, 10), PromptOrder.Permutation(10, 7, 0).Order());
    }

    [Fact]
    public async Task NextPrompts_EarlierIterationAfterRestart_ReplaysItsBatchAcrossEpochs()
    {
        // Max staleness > 0 resumes behind the prompts already issued: iterations 0…4 issued (two epochs), then a
        // restarted sampler is asked for 1…4 again and must give the same batches, then continue with 5.
        var journal = new InMemoryJournalData();
        var issued = new List<PromptBatch>();
        await using (var system = new ActorSystem("t", Logger.None))
        {
            var sampler = Spawn(system, journal);
            for (var m = 0; m < 5; m++)
            {
                issued.Add(await sampler.AskAsync<PromptBatch>(new NextPrompts(m, 4), TimeSpan.FromSeconds(10)));
            }
        }

        await using (var system = new ActorSystem("t", Logger.None))
        {
            var sampler = Spawn(system, journal);
            for (var m = 1; m < 5; m++)
            {
                var again = await sampler.AskAsync<PromptBatch>(new NextPrompts(m, 4), TimeSpan.FromSeconds(10));
                Assert.Equal(issued[m].Epoch, again.Epoch);
                Assert.Equal(issued[m].Indices, again.Indices);
            }

            var fifth = await sampler.AskAsync<PromptBatch>(new NextPrompts(5, 4), TimeSpan.FromSeconds(10));
            Assert.Equal(2, fifth.Epoch); // 10 prompts, batches of 4: epochs hold iterations {0,1}, {2,3}, {4,5}
            Assert.Empty(fifth.Indices.Intersect(issued[4].Indices));
        }
    }

    [Fact]
    public async Task NextPrompts_RepeatedAndAfterRestart_SameBatchThenContinues()
    {
        var journal = new InMemoryJournalData();
        PromptBatch first, again, next;
        await using (var system = new ActorSystem("t", Logger.None))
        {
            var sampler = Spawn(system, journal);
            first = await sampler.AskAsync<PromptBatch>(new NextPrompts(0, 3), TimeSpan.FromSeconds(10));
        }

        await using (var system = new ActorSystem("t", Logger.None))
        {
            var sampler = Spawn(system, journal);
            again = await sampler.AskAsync<PromptBatch>(new NextPrompts(0, 3), TimeSpan.FromSeconds(10));
            next = await sampler.AskAsync<PromptBatch>(new NextPrompts(1, 3), TimeSpan.FromSeconds(10));
            var skipped = await Assert.ThrowsAsync<InvalidOperationException>(
                () => sampler.AskAsync<PromptBatch>(new NextPrompts(5, 3), TimeSpan.FromSeconds(10)));
            Assert.Contains("iteration 5", skipped.Message);
        }

        Assert.Equal(first.Indices, again.Indices);
        Assert.Equal(PromptOrder.Batch(10, 7, 0, 3, 3), next.Indices);
    }

    private static ActorRef Spawn(ActorSystem system, InMemoryJournalData journal)
    {
        var serializer = PipelinePayloads.Serializer();
        return system.Spawn("sampler", () => new PromptSampler(new InMemoryEventJournal(serializer, journal),
            new InMemorySnapshotStore(serializer), Prompts, seed: 7), new ActorOptions
        {
            Supervision = SupervisorStrategy.Default with { RedeliverInFlight = false },
        });
    }
}
