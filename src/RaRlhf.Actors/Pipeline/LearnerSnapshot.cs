using System.Runtime.InteropServices;
using System.Text.Json;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Rl.Training;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// The PpoLearner's snapshot as raw bytes (the float arrays would be huge as JSON): a magic + version header, the
/// <see cref="PpoTrainerState"/> scalars and arrays (little-endian float32), then the last iteration as JSON.
/// </summary>
public static class LearnerSnapshot
{
    private const int Magic = 0x4C505252; // "RRPL"
    private const int FormatVersion = 1;

    public static byte[] Encode(PpoTrainerState state, IterationCompleted? last)
    {
        using var buffer = new MemoryStream();
        using (var w = new BinaryWriter(buffer))
        {
            w.Write(Magic);
            w.Write(FormatVersion);
            w.Write(state.AdamStep);
            w.Write(state.KlCoef);
            w.Write(state.PpoStep);
            w.Write(state.ScoreMean);
            w.Write(state.ScoreVariance);
            w.Write(state.ScoreStd);
            w.Write(state.ScoreCount);
            foreach (var array in new[] { state.Weights, state.AdamM, state.AdamV })
            {
                w.Write(array.Length);
                w.Write(MemoryMarshal.AsBytes(array.AsSpan()));
            }

            w.Write(last is null ? "" : JsonSerializer.Serialize(last));
        }

        return buffer.ToArray();
    }

    public static (PpoTrainerState State, IterationCompleted? Last) Decode(byte[] bytes, string where)
    {
        try
        {
            using var r = new BinaryReader(new MemoryStream(bytes));
            if (r.ReadInt32() != Magic || r.ReadInt32() is var version && version != FormatVersion)
            {
                throw new InvalidDataException($"learner snapshot {where} is not format {FormatVersion} (bad header)");
            }

            long adamStep = r.ReadInt64();
            double kl = r.ReadDouble();
            long step = r.ReadInt64();
            double mean = r.ReadDouble(), variance = r.ReadDouble(), std = r.ReadDouble(), count = r.ReadDouble();
            var weights = ReadFloats(r);
            var m = ReadFloats(r);
            var v = ReadFloats(r);
            var json = r.ReadString();
            var last = json.Length == 0 ? null : JsonSerializer.Deserialize<IterationCompleted>(json);
            return (new PpoTrainerState(weights, adamStep, m, v, kl, step, mean, variance, std, count), last);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"learner snapshot {where} is truncated", e);
        }
    }

    private static float[] ReadFloats(BinaryReader r)
    {
        var floats = new float[r.ReadInt32()];
        var bytes = r.ReadBytes(floats.Length * sizeof(float));
        if (bytes.Length != floats.Length * sizeof(float))
        {
            throw new EndOfStreamException();
        }

        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(floats);
        return floats;
    }
}
