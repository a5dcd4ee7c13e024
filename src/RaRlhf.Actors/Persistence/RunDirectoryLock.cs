namespace RaRlhf.Actors.Persistence;

/// <summary>
/// Exclusive ownership of a run directory, so two processes never resume (and write) the same run. The lock is an
/// OS file lock on <c>run.lock</c> (.NET takes <c>flock</c> on Unix for <see cref="FileShare.None"/>): the OS drops it
/// when the owner exits in any way, <c>kill -9</c> included, so a crashed run never leaves a stale lock behind.
/// </summary>
public sealed class RunDirectoryLock : IDisposable
{
    /// <summary>The lock file's name inside the run directory.</summary>
    public const string FileName = "run.lock";

    private readonly FileStream _file;

    private RunDirectoryLock(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Takes the lock (creating the directory); throws naming the directory when another process holds it.</summary>
    public static RunDirectoryLock Acquire(string runDirectory)
    {
        Directory.CreateDirectory(runDirectory);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(runDirectory, FileName));
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true)) writer.Write(Environment.ProcessId);
            file.Flush(flushToDisk: true);
            return new RunDirectoryLock(path, file);
        }
        catch (IOException error)
        {
            throw new IOException(
                $"run directory {runDirectory} is in use by another process (lock {path}); stop that run first " +
                "or choose another --run directory", error);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
