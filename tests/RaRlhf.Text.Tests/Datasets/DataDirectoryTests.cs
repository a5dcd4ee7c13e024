using RaRlhf.Text.Datasets;

namespace RaRlhf.Text.Tests.Datasets;

public sealed class DataDirectoryTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"rarlhf-datadir-{Guid.NewGuid():N}");

    public DataDirectoryTests()
    {
        // <root>/checkout/RaRlhf.Actors.sln, <root>/checkout/bin (program), <root>/shared/data, <root>/explicit
        Directory.CreateDirectory(Path.Combine(_root, "checkout", "bin"));
        File.WriteAllText(Path.Combine(_root, "checkout", "RaRlhf.Actors.sln"), "");
        Directory.CreateDirectory(Path.Combine(_root, "shared", "data"));
        Directory.CreateDirectory(Path.Combine(_root, "explicit"));
    }

    private string Program => Path.Combine(_root, "checkout", "bin");

    [Fact]
    public void Resolve_ExplicitValue_WinsOverEnvironmentAndCheckout()
    {
        var dir = DataDirectory.Resolve(Path.Combine(_root, "explicit"), Path.Combine(_root, "shared", "data"), Program, _root);
        Assert.Equal(Path.Combine(_root, "explicit"), dir.Root);
        Assert.Equal("--data", dir.Origin);
    }

    [Fact]
    public void Resolve_EnvironmentOnly_UsesIt()
    {
        var dir = DataDirectory.Resolve(null, Path.Combine(_root, "explicit"), Program, _root);
        Assert.Equal(DataDirectory.EnvironmentVariable, dir.Origin);
    }

    [Fact]
    public void Resolve_NothingGiven_FindsSharedDataBesideCheckout()
    {
        var dir = DataDirectory.Resolve(null, null, Program, "/");
        Assert.Equal(Path.Combine(_root, "shared", "data"), dir.Root);
        Assert.Equal("beside the checkout", dir.Origin);
    }

    [Fact]
    public void Resolve_NoCheckout_FallsBackToCurrentDirectory()
    {
        var current = Path.Combine(_root, "elsewhere");
        Directory.CreateDirectory(current);
        var dir = DataDirectory.Resolve(null, null, "/", current);
        Assert.Equal(Path.Combine(_root, "shared", "data"), dir.Root);
        Assert.Equal("beside the current directory", dir.Origin);
    }

    [Fact]
    public void Resolve_ExplicitMissing_ThrowsWithoutFallingBack()
    {
        var missing = Path.Combine(_root, "nope");
        var error = Assert.Throws<DatasetNotFoundException>(() => DataDirectory.Resolve(missing, null, Program, _root));
        Assert.Contains($"{missing} (from --data) does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("README.md", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NothingFound_ListsEveryPlaceTried()
    {
        Directory.Delete(Path.Combine(_root, "shared"), recursive: true);
        var error = Assert.Throws<DatasetNotFoundException>(() => DataDirectory.Resolve(null, null, Program, Program));
        Assert.Contains("--data: not given", error.Message, StringComparison.Ordinal);
        Assert.Contains("RARLHF_DATA: not set", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{Path.Combine(_root, "shared", "data")} (beside the checkout): does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("(beside the current directory): does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RequireFiles_MissingTaskFiles_ListsAllOfThem()
    {
        var dir = DataDirectory.Resolve(Path.Combine(_root, "explicit"), null, Program, _root);
        var error = Assert.Throws<DatasetNotFoundException>(() => dir.RequireFiles(DatasetTask.Imdb));
        Assert.Contains("task imdb needs imdb/imdb_train.csv, imdb/imdb_unsup.csv", error.Message, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(_root, "explicit", "rtp"));
        File.WriteAllText(Path.Combine(_root, "explicit", RtpDataset.File), "");
        dir.RequireFiles(DatasetTask.Rtp);
        Assert.EndsWith(RtpDataset.File, dir.Require(RtpDataset.File), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
