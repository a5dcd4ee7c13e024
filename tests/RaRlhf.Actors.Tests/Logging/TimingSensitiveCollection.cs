namespace RaRlhf.Actors.Tests.Logging;

/// <summary>
/// The batcher and Seq tests check what happens within a flush timeout (retries, drop counts). Run in parallel with
/// the rest of the suite on 2 cores, other tests' blocked threads starve the thread pool that HTTP I/O completes on,
/// and a 200 ms–1 s window then sees no retry at all. xUnit runs this collection on its own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive logging";
}
