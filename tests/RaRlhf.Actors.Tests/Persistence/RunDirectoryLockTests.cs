using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Tests.Persistence;

public sealed class RunDirectoryLockTests : IDisposable
{
    private readonly TempDirectory _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void Acquire_AlreadyHeld_ThrowsNamingDirectoryUntilReleased()
    {
        var held = RunDirectoryLock.Acquire(_run.Path);

        var error = Assert.Throws<IOException>(() => RunDirectoryLock.Acquire(_run.Path));
        held.Dispose();
        using var again = RunDirectoryLock.Acquire(_run.Path);

        Assert.Contains(_run.Path, error.Message);
        Assert.Contains("in use", error.Message);
    }

    [Fact]
    public async Task Acquire_OwnerProcessKilled_LockIsFreeAgain()
    {
        Exception? whileHeld = null;

        await ChildProcess.RunAndKillAsync(CrashChild.LockMode, _run.Path, TimeSpan.FromMilliseconds(50),
            onFirstCommit: () => whileHeld = Record.Exception(() => RunDirectoryLock.Acquire(_run.Path).Dispose()));
        using var afterKill = RunDirectoryLock.Acquire(_run.Path);

        Assert.IsType<IOException>(whileHeld);
        Assert.True(File.Exists(afterKill.Path));
    }
}
