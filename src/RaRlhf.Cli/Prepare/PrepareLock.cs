namespace RaRlhf.Cli.Prepare;

/// <summary>
/// An exclusive lock on an asset directory for the length of a prepare run (an OS file lock, released when the process
/// ends, even when it is killed), so two runs never build into the same directory.
/// </summary>
internal sealed class PrepareLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _path;

    private PrepareLock(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
    }

    public static PrepareLock Acquire(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, AssetManifest.LockFile);
        try
        {
            return new PrepareLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), path);
        }
        catch (IOException)
        {
            throw new PrepareException($"another prepare is building into {directory} (it holds {path}); wait for it to finish");
        }
    }

    public void Dispose()
    {
        File.Delete(_path); // while still holding the lock, so no other run sees the file half released
        _stream.Dispose();
    }
}
