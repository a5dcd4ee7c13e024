using RaRlhf.Actors.Pipeline;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class LearnerSnapshotTests
{
    [Fact]
    public void Decode_EncodedState_EveryFieldRoundTrips()
    {
        var state = new PpoTrainerState([1f, -2.5f, float.Epsilon], 7, [0.1f, 0.2f, 0.3f], [4f, 5f, 6f], 0.1987, 7, 1.5, 2.25, 1.5, 3);
        var last = new IterationCompleted(6, 7, 12, new Dictionary<string, double> { ["objective/kl"] = 0.25 });

        var (decoded, decodedLast) = LearnerSnapshot.Decode(LearnerSnapshot.Encode(state, last), "test");

        Assert.Equal(state.Weights, decoded.Weights);
        Assert.Equal(state.AdamM, decoded.AdamM);
        Assert.Equal(state.AdamV, decoded.AdamV);
        Assert.Equal(state with { Weights = decoded.Weights, AdamM = decoded.AdamM, AdamV = decoded.AdamV }, decoded);
        Assert.Equal(last.Iteration, decodedLast!.Iteration);
        Assert.Equal(0.25, decodedLast.Metrics["objective/kl"]);
    }

    [Fact]
    public void Decode_TruncatedOrForeignBytes_ThrowsNamingTheSnapshot()
    {
        var bytes = LearnerSnapshot.Encode(new PpoTrainerState([1f, 2f], 0, [0f, 0f], [0f, 0f], 0.2, 0, 0, 1, 1, 0), null);
        Assert.Contains("ppo-learner@3 is truncated", Assert.Throws<InvalidDataException>(() => LearnerSnapshot.Decode(bytes[..40], "ppo-learner@3")).Message);
        Assert.Contains("bad header", Assert.Throws<InvalidDataException>(() => LearnerSnapshot.Decode(new byte[64], "x")).Message);
    }
}
