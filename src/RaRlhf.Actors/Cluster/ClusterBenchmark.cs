using System.Diagnostics;
using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Roles;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// `rarlhf node bench` on the tiny workload, GEMM on one thread everywhere:
/// (1) rollout throughput — K work items of policy v0 are queued, k = 1, 2 rollout node processes drain them, the
/// episodes per second between the first and the last chunk arriving on the reward queue;
/// (2) pipeline overhead — seconds per iteration (steady state: first to last iteration completion) of the pure work
/// (sampling, scoring and PPO steps in one plain loop), of the local pipeline and of a cluster
/// (coordinator+learner, 1 rollout, 1 reward node); overhead = 1 − work / iteration time.
/// </summary>
public sealed class ClusterBenchmark(ClusterContext cx, IReadOnlyList<string> nodeArgs, IReadOnlyDictionary<string, string> environment)
{
    /// <summary>
    /// Episodes per second of <paramref name="rolloutNodes"/> rollout node processes draining <paramref name="items"/>
    /// work items, steady state: the clock starts once <paramref name="rolloutNodes"/> chunks have arrived (each node's
    /// first item carries its JIT warm-up and policy load) and stops at the last. Also the nodes' own mean generation
    /// time per item over the same items, so the end-to-end rate can be split into compute and messaging.
    /// </summary>
    public async Task<RolloutRate> RolloutsPerSecondAsync(int rolloutNodes, int items, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(items, 2 * rolloutNodes);
        await cx.DeclareQueuesAsync(ct);
        var policy = await ClusterWorkload.PublishAsync(cx.Blobs, cx.Workload.CreatePolicy(), 0, ct);
        var batch = cx.Workload.Ppo.BatchSize;
        var rows = batch / cx.Settings.Chunks;
        var risk = new RiskLevel(0, batch, 1);
        var generateMs = new List<(string Node, double Ms)>();
        void OnLine(string line)
        {
            if (line.StartsWith("stderr", StringComparison.Ordinal)) Console.Error.WriteLine(line);
            else if (ClusterTimings.ReadGenerated(line) is { } timed) lock (generateMs) generateMs.Add((timed.Node, timed.Ms));
        }

        var nodes = Enumerable.Range(0, rolloutNodes).Select(i => NodeLauncher.Start(["--roles", "rollout", "--node", $"bench-rollout-{i}", .. nodeArgs], environment, OnLine)).ToList();
        try
        {
            // Nodes and the reward-queue reader first: queues hold queue_capacity items, so filling them before anyone
            // consumes would block the sender.
            await using var consumer = await cx.Transport.ConsumeAsync(cx.Names.RewardQueue, 4, ct);
            var clock = new Stopwatch();
            var drain = Task.Run(async () =>
            {
                for (var received = 1; received <= items; received++)
                {
                    var delivery = await consumer.ReceiveAsync(ct);
                    if (received == rolloutNodes) clock.Start();
                    await consumer.AckAsync(delivery, ct);
                }

                clock.Stop();
            }, ct);
            for (var i = 0; i < items; i++)
            {
                var prompts = Enumerable.Range(0, rows).Select(r => cx.Workload.Prompts[(i * rows + r) % cx.Workload.Prompts.Count]).ToArray();
                await cx.SendAsync(cx.Names.RolloutQueue, new RolloutWork(0, i, items, rows * items, i * rows, new int[rows], prompts, policy, risk), ct);
            }

            await drain;
            double meanGenerateMs;
            lock (generateMs)
            {
                // Each node's first item is left out, as it is from the clock.
                var steady = generateMs.GroupBy(t => t.Node).SelectMany(g => g.Skip(1)).Select(t => t.Ms).ToList();
                meanGenerateMs = steady.Count > 0 ? steady.Average() : double.NaN;
            }

            return new RolloutRate((items - rolloutNodes) * rows / clock.Elapsed.TotalSeconds, meanGenerateMs, rows);
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Kill();
                await node.WaitForExitAsync(CancellationToken.None);
                node.Dispose();
            }
        }
    }

    /// <summary>
    /// The cluster run (coordinator+learner, 1 rollout, 1 reward node): seconds per iteration in the steady state
    /// (iterations after the first <see cref="WarmUpIterations"/>), and the overhead measured inside the run from the
    /// nodes' own timings (<see cref="ClusterTimings"/>).
    /// </summary>
    public async Task<(double SecondsPerIteration, double Overhead)> ClusterSecondsPerIterationAsync(CancellationToken ct)
    {
        var timings = new ClusterTimings();
        var clock = Stopwatch.StartNew();
        void OnLine(string line)
        {
            lock (timings) timings.Read(line, clock.Elapsed.TotalSeconds);
            // Where the time goes: the learner's and the coordinator's per-iteration timings, as the nodes print them.
            if (line.Contains(": learned iteration ", StringComparison.Ordinal) || line.Contains(": iteration ", StringComparison.Ordinal)) Console.WriteLine("  " + line);
        }

        string[][] roles = [["coordinator,learner"], ["rollout"], ["reward"]];
        var nodes = roles.Select((r, i) => NodeLauncher.Start(["--roles", r[0], "--node", $"bench-{i}", .. nodeArgs], environment, OnLine)).ToList();
        foreach (var node in nodes)
        {
            await node.WaitForExitAsync(ct);
            if (node.ExitCode != 0) throw new InvalidOperationException($"a benchmark node exited with {node.ExitCode}");
            node.Dispose();
        }

        lock (timings) return (timings.SecondsPerIteration(WarmUpIterations), timings.Overhead(WarmUpIterations));
    }

    /// <summary>Iterations left out of every steady-state figure: a fresh process runs its first PPO steps slower (JIT tiering).</summary>
    public const int WarmUpIterations = 3;

    /// <summary>
    /// The local pipeline (SQLite in a temp run directory): seconds per iteration in the steady state, and the overhead
    /// inside the run: 1 − (generation + scoring + the learner's own PPO step) / iteration time, from the iterations'
    /// <c>time/pipeline/*</c> metrics (generation and scoring as the coordinator waits for them, so the in-process
    /// hops to the workers count as work: a slight underestimate).
    /// </summary>
    public static async Task<(double SecondsPerIteration, double Overhead)> LocalSecondsPerIterationAsync(PipelineOptions workload, string runDirectory, CancellationToken ct)
    {
        var stamps = new List<double>();
        var work = new List<double>();
        var clock = Stopwatch.StartNew();
        await using var local = LocalPipeline.Start(workload with
        {
            RunDirectory = runDirectory,
            OnIteration = e =>
            {
                stamps.Add(clock.Elapsed.TotalSeconds);
                work.Add(e.Metrics[Coordinator.GenerateSeconds] + e.Metrics[Coordinator.ScoreSeconds] + e.Metrics[Coordinator.StepSeconds]);
            },
        });
        await local.RunAsync(cancellation: ct);
        var wall = stamps[^1] - stamps[WarmUpIterations - 1];
        return (wall / (stamps.Count - WarmUpIterations), 1 - work.Skip(WarmUpIterations).Sum() / wall);
    }

    /// <summary>Seconds per iteration of the pure work: sampling, scoring and the PPO step in one plain loop, the batch
    /// sampled and scored whole (<paramref name="chunks"/> = 1, as the local pipeline) or in the cluster's chunks.</summary>
    public static async Task<double> WorkSecondsPerIterationAsync(PipelineOptions o, int chunks, CancellationToken ct)
    {
        var trainer = ClusterWorkload.CreateTrainer(o);
        var sampler = new ChunkSampler(trainer.Policy);
        int b = o.Ppo.BatchSize, g = o.Sampling.MaxNewTokens;
        var seconds = new List<double>();
        for (var m = 0; m < o.Iterations; m++)
        {
            var prompts = PromptOrder.Batch(o.Prompts.Count, o.Seed, m * b / o.Prompts.Count, m * b % o.Prompts.Count, b).Select(i => o.Prompts[i]).ToList();
            var clock = Stopwatch.StartNew();
            var responses = new List<int[]>(b);
            var scores = new List<float>(b);
            for (var c = 0; c < chunks; c++)
            {
                int start = c * b / chunks, end = (c + 1) * b / chunks;
                var part = prompts.GetRange(start, end - start);
                var gen = sampler.Generate(part, o.Sampling with { Seed = RolloutWorker.SeedFor(o.Seed, m) }, start, b);
                var rows = Enumerable.Range(0, part.Count).Select(i =>
                    gen.Response.AsSpan(i * g, gen.ResponseMask.AsSpan(i * g, g).IndexOf(0f) is var z and >= 0 ? z : g).ToArray()).ToArray();
                var inputs = rows.Select((r, i) => new Pipeline.Rewards.RewardInput(o.Decode(part[i]), o.Decode(r), part[i], r)).ToArray();
                scores.AddRange((await o.Reward.ScoreAsync(inputs, ct)).Scores);
                responses.AddRange(rows);
            }

            trainer.Step(new PpoEpisodes(prompts, responses, [.. scores]), o.Risk.KeepCountAt(m));
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return seconds.Skip(WarmUpIterations).Average();
    }
}
