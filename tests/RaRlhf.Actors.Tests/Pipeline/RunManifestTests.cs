using RaRlhf.Actors.Pipeline;

namespace RaRlhf.Actors.Tests.Pipeline;

public sealed class RunManifestTests
{
    [Fact]
    public async Task Start_ResumeWithOtherIterationsOrSeed_RefusedNamingTheSettings()
    {
        using var dir = new TempRunDirectory();
        await using (var first = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations: 4)))
        {
            await first.RunAsync(until: 1);
        }

        var error = Assert.Throws<InvalidDataException>(() => LocalPipeline.Start(TinyRun.Options(dir.Path, iterations: 6, seed: 4)));
        Assert.Contains("Iterations: run has 4, now 6", error.Message);
        Assert.Contains("Seed: run has 3, now 4", error.Message);

        // The refused start released the directory: the original settings resume.
        await using var again = LocalPipeline.Start(TinyRun.Options(dir.Path, iterations: 4));
        Assert.Equal(4, (await again.RunAsync()).CompletedIterations);
    }
}
