using System.Text.RegularExpressions;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Deploy;

/// <summary>A lint of the Dockerfile (no Docker engine here): stages, pinned bases, publish, non-root, entrypoint.</summary>
public sealed partial class DockerfileTests
{
    private sealed record Instruction(string Keyword, string Arguments, int Line);

    /// <summary>The instructions, continuation lines joined, comments and blank lines dropped.</summary>
    private static List<Instruction> Instructions()
    {
        var result = new List<Instruction>();
        var lines = File.ReadAllLines(Path.Combine(TestData.RepoRoot, "Dockerfile"));
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var start = i;
            while (line.EndsWith('\\') && i + 1 < lines.Length) line = line[..^1].TrimEnd() + " " + lines[++i].Trim();
            var split = line.IndexOf(' ', StringComparison.Ordinal);
            result.Add(new Instruction(line[..split].ToUpperInvariant(), line[(split + 1)..].Trim(), start + 1));
        }

        return result;
    }

    private static List<List<Instruction>> Stages()
    {
        var stages = new List<List<Instruction>>();
        foreach (var instruction in Instructions())
        {
            if (instruction.Keyword == "FROM") stages.Add([]);
            Assert.True(stages.Count > 0, $"Dockerfile line {instruction.Line}: {instruction.Keyword} before the first FROM");
            stages[^1].Add(instruction);
        }

        return stages;
    }

    [Fact]
    public void From_TwoNamedStages_BasesPinnedToExactVersions()
    {
        var froms = Instructions().Where(i => i.Keyword == "FROM").ToList();

        Assert.True(froms.Count >= 2, "a multi-stage build: SDK stage and runtime stage");
        foreach (var from in froms)
        {
            var match = FromLine().Match(from.Arguments);
            Assert.True(match.Success, $"line {from.Line}: 'FROM {from.Arguments}' is not 'image:tag AS name'");
            var reference = match.Groups["image"].Value;
            Assert.True(PinnedReference().IsMatch(reference),
                $"line {from.Line}: base image '{reference}' is not pinned to an exact version (x.y.z) or a digest");
        }

        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.", froms[0].Arguments);
        Assert.Contains("mcr.microsoft.com/dotnet/runtime:10.", froms[^1].Arguments);
    }

    [Fact]
    public void BuildStage_PublishesTheCliInRelease_RuntimeCopiesItFromThere()
    {
        var stages = Stages();
        var buildName = FromLine().Match(stages[0][0].Arguments).Groups["name"].Value;

        Assert.Contains(stages[0], i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish src/RaRlhf.Cli -c Release", StringComparison.Ordinal));
        Assert.Contains(stages[^1], i => i.Keyword == "COPY" && i.Arguments.StartsWith($"--from={buildName} ", StringComparison.Ordinal));
        Assert.DoesNotContain(stages[^1], i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet ", StringComparison.Ordinal));
    }

    [Fact]
    public void RuntimeStage_UserIsNotRoot_EntrypointIsRarlhf_DataIsAVolume()
    {
        var runtime = Stages()[^1];
        var user = runtime.LastOrDefault(i => i.Keyword == "USER");

        Assert.NotNull(user);
        Assert.DoesNotMatch("^(root|0)(:|$)", user.Arguments);
        Assert.Equal("""["rarlhf"]""", runtime.Last(i => i.Keyword == "ENTRYPOINT").Arguments);
        Assert.Contains(runtime, i => i.Keyword == "VOLUME" && i.Arguments.Contains("\"/data\"", StringComparison.Ordinal));
        // Nothing after USER runs as root again.
        Assert.True(runtime.IndexOf(user) > runtime.FindLastIndex(i => i.Keyword == "RUN"), "USER must come after the last RUN");
    }

    [Fact]
    public void Copy_SourcesExistAndAreNotDockerignored()
    {
        var ignored = File.ReadAllLines(Path.Combine(TestData.RepoRoot, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var sources = Instructions().Where(i => i.Keyword == "COPY" && !i.Arguments.StartsWith("--from", StringComparison.Ordinal))
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToList();

        Assert.Contains("src/", sources);
        foreach (var source in sources)
        {
            Assert.True(File.Exists(Path.Combine(TestData.RepoRoot, source)) || Directory.Exists(Path.Combine(TestData.RepoRoot, source)),
                $"COPY source '{source}' does not exist in the repository");
            Assert.DoesNotContain(source.TrimEnd('/') + "/", ignored);
        }

        Assert.Superset(new HashSet<string> { ".git/", "**/bin/", "**/obj/", "tests/", "**/*.env", "**/*.pem" }, ignored.ToHashSet());
    }

    [GeneratedRegex(@"^(?:--platform=\S+\s+)?(?<image>\S+)\s+AS\s+(?<name>[a-z][a-z0-9_-]*)$", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    // image:1.2.3[-suffix] or image@sha256:<64 hex>; never :latest or a floating major tag.
    [GeneratedRegex(@"^[^:@\s]+(:\d+\.\d+\.\d+[A-Za-z0-9.\-]*)?(@sha256:[0-9a-f]{64})?$")]
    private static partial Regex PinnedReference();
}
