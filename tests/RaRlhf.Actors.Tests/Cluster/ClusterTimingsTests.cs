using RaRlhf.Actors.Cluster;

namespace RaRlhf.Actors.Tests.Cluster;

public sealed class ClusterTimingsTests
{
    private static string Generated(int m, int c, double ms) =>
        "bench-1: " + RolloutRole.GeneratedLine($"{m}/{c}", TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(ms));

    private static string Scored(int m, int c, double ms) => $"bench-2: reward scored {m}/{c}: ms score {ms}";

    private static string Learned(int m, double ms) =>
        $"bench-0: learned iteration {m} from 0@bench-1 1@bench-1: policy v{m + 1}; ms step {ms} blob 70 publish 2 journal 7 status 1 snapshot 31";

    private static string Completed(int m, int of) =>
        $"bench-0: iteration {m + 1}/{of} reward_mean 0.6 kl 0.3 kl_coef 0.2 b0 64 policy v{m + 1} (ms wait 6578 issue next 24 record 5)";

    [Fact]
    public void WorkSeconds_ScoringWaitsForItsChunkAndThePreviousScore()
    {
        var timings = new ClusterTimings();
        // Scoring slower than generation: chunk 1 is generated at 2 s but its scoring starts when chunk 0's ends (4 s).
        foreach (var line in new[] { Generated(0, 0, 1000), Scored(0, 0, 3000), Generated(0, 1, 1000), Scored(0, 1, 3000), Learned(0, 2000) })
        {
            timings.Read(line, 0);
        }

        Assert.Equal(1 + 3 + 3 + 2, timings.WorkSeconds(0), 9);
    }

    [Fact]
    public void Overhead_IsTheShareOfSteadyIterationsNotOnTheWorkCriticalPath()
    {
        var timings = new ClusterTimings();
        for (var m = 0; m < 4; m++)
        {
            // The warm-up iteration 0 has other timings; it must not count.
            var slow = m == 0 ? 5 : 1;
            timings.Read(Generated(m, 0, 3000 * slow), 0);
            timings.Read(Scored(m, 0, 1000), 0);
            timings.Read(Generated(m, 1, 2000), 0);
            timings.Read(Scored(m, 1, 1500), 0);
            timings.Read(Learned(m, 3000), 0);
            timings.Read("bench-0: some other progress line", 0);
            timings.Read(Completed(m, 4), 10.0 * m);
        }

        // Per steady iteration: generation 3 + 2 s, chunk 1 scored 1.5 s after it is generated (chunk 0's score ended at
        // 4 s, before), then the 3 s step: 9.5 s of work in each 10 s iteration.
        Assert.Equal(9.5, timings.WorkSeconds(1), 9);
        Assert.Equal(10, timings.SecondsPerIteration(warmUp: 1), 9);
        Assert.Equal(0.05, timings.Overhead(warmUp: 1), 9);
    }
}
