namespace RaRlhf.Text.Datasets;

/// <summary>
/// Where the datasets live. Resolution order: an explicit <c>--data DIR</c>, else the <c>RARLHF_DATA</c>
/// environment variable, else <c>../shared/data</c> beside the checkout (the first ancestor of the program holding
/// RaRlhf.Actors.sln), else <c>../shared/data</c> beside the current directory. An explicit value or the variable is
/// taken as meant: if it does not exist that is an error, not a reason to look elsewhere.
/// </summary>
public sealed class DataDirectory
{
    public const string EnvironmentVariable = "RARLHF_DATA";

    private const string HowToGet =
        "Get the data folder (imdb/, jigsaw/, rtp/; its README.md and each SOURCES.md say where every file comes from) " +
        "and put it at ../shared/data beside the checkout, or pass --data DIR, or set RARLHF_DATA=DIR.";

    private DataDirectory(string root, string origin)
    {
        Root = root;
        Origin = origin;
    }

    /// <summary>Absolute path of the data directory.</summary>
    public string Root { get; }

    /// <summary>How it was found, for messages: "--data", "RARLHF_DATA", "beside the checkout", "beside the current directory".</summary>
    public string Origin { get; }

    /// <summary>Resolves from the process's environment, program location and current directory.</summary>
    public static DataDirectory Resolve(string? explicitPath = null) =>
        Resolve(explicitPath, Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory, Environment.CurrentDirectory);

    /// <summary>Resolution with every input given (what <see cref="Resolve(string?)"/> does, testable).</summary>
    public static DataDirectory Resolve(string? explicitPath, string? environmentValue, string programDirectory, string currentDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Existing(explicitPath, "--data");
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return Existing(environmentValue, EnvironmentVariable);
        }

        var tried = new List<string> { "--data: not given", $"{EnvironmentVariable}: not set" };
        var checkout = FindCheckout(programDirectory) ?? FindCheckout(currentDirectory);
        var candidates = new List<(string Path, string Origin)>();
        if (checkout is not null)
        {
            candidates.Add((Path.Combine(checkout, "..", "shared", "data"), "beside the checkout"));
        }
        else
        {
            tried.Add($"no checkout (RaRlhf.Actors.sln) above {programDirectory} or {currentDirectory}");
        }

        candidates.Add((Path.Combine(currentDirectory, "..", "shared", "data"), "beside the current directory"));
        foreach (var (path, origin) in candidates)
        {
            var full = Path.GetFullPath(path);
            if (Directory.Exists(full))
            {
                return new DataDirectory(full, origin);
            }

            tried.Add($"{full} ({origin}): does not exist");
        }

        throw new DatasetNotFoundException($"no data directory found. Tried:\n  {string.Join("\n  ", tried)}\n{HowToGet}");
    }

    /// <summary>The files (relative to <see cref="Root"/>) a task reads.</summary>
    public static IReadOnlyList<string> FilesFor(DatasetTask task) => task switch
    {
        DatasetTask.Imdb => [ImdbDataset.TrainFile, ImdbDataset.UnsupFile],
        DatasetTask.Jigsaw => [JigsawDataset.BinaryFile, JigsawDataset.MultilabelFile],
        DatasetTask.Rtp => [RtpDataset.File],
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "unknown task"),
    };

    /// <summary>Absolute path of a file under the data directory (not checked).</summary>
    public string PathOf(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Absolute path of a file that must exist; a missing one throws saying how to get it.</summary>
    public string Require(string relativePath)
    {
        var path = PathOf(relativePath);
        return File.Exists(path)
            ? path
            : throw new DatasetNotFoundException($"{relativePath} is missing from the data directory {Root} ({Origin}). {HowToGet}");
    }

    /// <summary>Checks every file the task needs is present; the exception lists all missing ones at once.</summary>
    public void RequireFiles(DatasetTask task)
    {
        var missing = FilesFor(task).Where(f => !File.Exists(PathOf(f))).ToArray();
        if (missing.Length > 0)
        {
            throw new DatasetNotFoundException(
                $"task {task.ToString().ToLowerInvariant()} needs {string.Join(", ", missing)}, missing from the data directory {Root} " +
                $"({Origin}). {HowToGet}");
        }
    }

    private static DataDirectory Existing(string path, string origin)
    {
        var full = Path.GetFullPath(path);
        return Directory.Exists(full)
            ? new DataDirectory(full, origin)
            : throw new DatasetNotFoundException($"the data directory {full} (from {origin}) does not exist. {HowToGet}");
    }

    private static string? FindCheckout(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RaRlhf.Actors.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
