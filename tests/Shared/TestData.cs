namespace RaRlhf.Testing;

/// <summary>
/// Where tests find the repository and the shared data folder. Compiled into every test project (see
/// Directory.Build.props) so there is one definition. Data comes from <c>RARLHF_DATA</c> when set, otherwise from
/// <c>../shared/data</c> beside the checkout, as on development machines and in CI.
/// </summary>
internal static class TestData
{
    /// <summary>The checkout's root: the first ancestor of the test binaries that holds RaRlhf.Actors.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The data directory (exists or not; use <see cref="Require"/> to get a checked path).</summary>
    public static string DataDir { get; } =
        Environment.GetEnvironmentVariable("RARLHF_DATA") is { Length: > 0 } fromEnv
            ? Path.GetFullPath(fromEnv)
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));

    /// <summary>The full path of a file or folder under the data directory; fails the test clearly when absent.</summary>
    public static string Require(string relativePath)
    {
        var path = Path.Combine(DataDir, relativePath);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException(
                $"test data '{relativePath}' not found under {DataDir}; put the shared data folder at ../shared/data " +
                "beside the checkout or set RARLHF_DATA", path);
        }

        return path;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RaRlhf.Actors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no RaRlhf.Actors.sln above {AppContext.BaseDirectory}");
    }
}
