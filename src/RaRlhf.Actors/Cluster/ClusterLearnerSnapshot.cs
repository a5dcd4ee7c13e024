using System.Text.Json;
using RaRlhf.Actors.Cluster.Messages;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Cluster;

/// <summary>
/// The cluster learner's snapshot: the local learner's <see cref="LearnerSnapshot"/> bytes followed by the
/// <see cref="IterationLearned"/> of the step as JSON, so a learner that died between its snapshot and its journal
/// append can write the missing journal event on restart (nothing is learned twice or lost).
/// </summary>
public static class ClusterLearnerSnapshot
{
    public static byte[] Encode(PpoTrainerState state, IterationLearned learned)
    {
        var inner = LearnerSnapshot.Encode(state, learned.Completed);
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(inner.Length);
            w.Write(inner);
            w.Write(JsonSerializer.Serialize(learned));
        }

        return buffer.ToArray();
    }

    public static (PpoTrainerState State, IterationLearned Learned) Decode(byte[] bytes, string where)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            var inner = r.ReadBytes(r.ReadInt32());
            var (state, _) = LearnerSnapshot.Decode(inner, where);
            var learned = JsonSerializer.Deserialize<IterationLearned>(r.ReadString())
                ?? throw new InvalidDataException($"cluster learner snapshot {where} has no iteration record");
            return (state, learned);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException)
        {
            throw new InvalidDataException($"cluster learner snapshot {where} is truncated or damaged: {e.Message}", e);
        }
    }
}
