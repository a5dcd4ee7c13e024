using RaRlhf.Tensors;
using RaRlhf.Models;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// The shuffled prompt order of an epoch: Fisher–Yates driven by splitmix64(seed + epoch, i), so the order depends
/// only on (seed, epoch) and a restarted sampler reproduces it. Batches never straddle epochs (drop_last).
/// </summary>
public static class PromptOrder
{
    public static int[] Permutation(int count, ulong seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = (int)(SplitMix64.At(seed + (ulong)epoch, (ulong)i) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>Where the batch after (epoch, next) starts: the same epoch if n prompts remain, else the next epoch.</summary>
    public static (int Epoch, int Start) Advance(int epoch, int next, int n, int count) =>
        next + n <= count ? (epoch, next) : (epoch + 1, 0);

    /// <summary>The dataset indices of n prompts at <paramref name="start"/> of the epoch's order.</summary>
    public static int[] Batch(int count, ulong seed, int epoch, int start, int n) =>
        Permutation(count, seed, epoch).AsSpan(start, n).ToArray();
}
