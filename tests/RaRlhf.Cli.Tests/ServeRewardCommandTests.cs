using System.Diagnostics;
using System.Text.RegularExpressions;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Actors.Pipeline.Rewards.Remote;

namespace RaRlhf.Cli.Tests;

/// <summary>`rarlhf serve-reward` as a real child process on 127.0.0.1, called by <see cref="HttpRewardModel"/>.</summary>
public sealed partial class ServeRewardCommandTests
{
    [Fact]
    public async Task ServeReward_LexiconProcess_HttpClientScoresLikeLocalModelAndSigtermExitsZero()
    {
        var words = Path.Combine(Path.GetTempPath(), $"rarlhf-words-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(words, """{"good": 1.0, "bad": -1.5}""");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "rarlhf.dll"), "serve-reward", "--port", "0", "--lexicon", words })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) ?? "";
            var url = ServingUrl().Match(banner) is { Success: true } m ? new Uri(m.Groups[1].Value)
                : throw new InvalidOperationException($"no URL in the banner '{banner}'; stderr: {process.StandardError.ReadToEnd()}");
            RewardInput[] items = [new("p", "Good, GOOD and bad.", [], []), new("p", "nothing", [], []), new("p", "bad", [], [])];
            using var remote = new HttpRewardModel(new HttpRewardOptions(url) { MaxBatchSize = 2, RequestTimeout = TimeSpan.FromSeconds(30) });

            var scores = (await remote.ScoreAsync(items, default)).Scores;

            var local = (await RemoteLexiconScorer.Load(words).ScoreAsync(items, default)).Scores;
            Assert.Equal([0.5f, 0f, -1.5f], local); // by hand: 1 + 1 - 1.5, 0, -1.5
            Assert.Equal(local, scores);
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, process.ExitCode);
            Assert.Contains("stopping: finishing in-flight requests", await process.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(words);
        }
    }

    [Fact]
    public void ServeReward_NoModel_ExitsOneNamingTheOptions()
    {
        var (code, _, stderr) = CliRunner.Run("serve-reward", "--port", "0");

        Assert.Equal(1, code);
        Assert.Contains("name exactly one reward model: --lexicon FILE.json or --model DIR", stderr);
    }

    [GeneratedRegex(@" on (http://\S+/) ")]
    private static partial Regex ServingUrl();
}
