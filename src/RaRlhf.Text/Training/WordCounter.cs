using System.Collections.Concurrent;
using RaRlhf.Text.ByteLevel;

namespace RaRlhf.Text.Training;

/// <summary>
/// The word-frequency table: pre-tokenizes documents in parallel (GPT-2's pattern) and counts each piece. The
/// result does not depend on the thread count or scheduling.
/// </summary>
internal static class WordCounter
{
    private const int DocumentsPerChunk = 256;

    public static Dictionary<string, long> Count(
        IEnumerable<string> documents, int threads, Action<long, long>? onProgress)
    {
        var total = new Dictionary<string, long>(StringComparer.Ordinal);
        var gate = new object();
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        // Chunks are produced by the single reading thread; counting runs on the workers.
        var chunks = Partitioner.Create(documents.Chunk(DocumentsPerChunk), EnumerablePartitionerOptions.NoBuffering);
        try
        {
            CountInParallel(chunks, options, total, gate, onProgress);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            // A bad corpus file fails the reading thread: surface its own exception (it names the file and line).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return total;
    }

    private static void CountInParallel(
        OrderablePartitioner<string[]> chunks,
        ParallelOptions options,
        Dictionary<string, long> total,
        object gate,
        Action<long, long>? onProgress)
    {
        long documentCount = 0;
        long charCount = 0;
        Parallel.ForEach(
            chunks,
            options,
            () => new Dictionary<string, long>(StringComparer.Ordinal),
            (chunk, state, local) =>
            {
                var lookup = local.GetAlternateLookup<ReadOnlySpan<char>>();
                long chars = 0;
                foreach (var document in chunk)
                {
                    chars += document.Length;
                    var text = document.AsSpan();
                    while (!text.IsEmpty)
                    {
                        var length = Gpt2PreTokenizer.NextPieceLength(text);
                        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(
                            lookup, text[..length], out _)++;
                        text = text[length..];
                    }
                }

                var done = Interlocked.Add(ref documentCount, chunk.Length);
                onProgress?.Invoke(done, Interlocked.Add(ref charCount, chars));
                return local;
            },
            local =>
            {
                lock (gate)
                {
                    foreach (var (word, count) in local)
                    {
                        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(total, word, out _) += count;
                    }
                }
            });
    }
}
