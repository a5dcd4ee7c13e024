using System.Text.Json;
using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Logging;
using RaRlhf.Actors.Tests.Configuration;
using RaRlhf.Testing;
using Serilog;

namespace RaRlhf.Actors.Tests.Logging;

[Collection(TimingSensitiveCollection.Name)]
public sealed class LoggingSetupTests : IDisposable
{
    private readonly string _runDir = Directory.CreateTempSubdirectory("rarlhf-logging-").FullName;

    public void Dispose() => Directory.Delete(_runDir, recursive: true);

    private LoggingSection Settings(params string[] overrides) =>
        RunSettings.Load(ConfigLoader.LoadFile(Path.Combine(TestData.RepoRoot, "hocon", "local.conf"),
            overrides.Prepend($"run.dir = \"{_runDir}\"").ToArray(), HoconFixtures.Env())).Logging;

    private static JsonElement[] ReadClef(string dir) =>
        Directory.GetFiles(Path.Combine(dir, "logs"), "*.clef").SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement).ToArray();

    [Fact]
    public async Task Create_AllSinks_EveryEventCarriesRunRoleNodeIterationAndVersion()
    {
        using var server = new FakeSeqServer();
        var console = new StringWriter();
        var settings = Settings($"logging.seq.url = \"{server.Url}\"", "logging.seq.period = 20ms");
        using (var logging = LoggingSetup.Create(settings, new LogIdentity("run-7", "learner", "node-a"), console))
        {
            logging.Logger.ForIteration(12, 3).Information("PPO step {Step} loss {Loss}", 1, 0.25);
            using (LogProperties.PushIteration(13, 4))
            {
                logging.Logger.Warning("pushed");
            }

            logging.Logger.Debug("below the information level");
            await FakeSeqServer.WaitUntil(() => server.AcceptedLines.Count() == 2);
        }

        var fromSeq = server.AcceptedLines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var fromFile = ReadClef(_runDir);
        foreach (var events in new[] { fromSeq, fromFile })
        {
            Assert.Equal(2, events.Length);
            Assert.All(events, e => Assert.Equal(("run-7", "learner", "node-a"),
                (e.GetProperty("Run").GetString(), e.GetProperty("Role").GetString(), e.GetProperty("Node").GetString())));
            Assert.Equal((12, 3), (events[0].GetProperty("Iteration").GetInt32(), events[0].GetProperty("PolicyVersion").GetInt32()));
            Assert.Equal((13, 4), (events[1].GetProperty("Iteration").GetInt32(), events[1].GetProperty("PolicyVersion").GetInt32()));
            Assert.Equal("PPO step {Step} loss {Loss}", events[0].GetProperty("@mt").GetString());
        }

        var text = console.ToString();
        Assert.Contains("INF] learner: PPO step 1 loss 0.25", text);
        Assert.Contains("WRN] learner: pushed", text);
        Assert.DoesNotContain("below the information level", text);
    }

    [Fact]
    public void Create_SeqUrlEmpty_NoSeqSink()
    {
        using var logging = LoggingSetup.Create(Settings("logging.file.enabled = off"), LogIdentity.Local("r", "cli"), new StringWriter());
        Assert.Null(logging.Seq);
        logging.Logger.Information("fine");
        Assert.False(Directory.Exists(Path.Combine(_runDir, "logs")));
    }

    [Fact]
    public void Create_SeqUnreachable_LoggingContinuesAndFileComplete()
    {
        var settings = Settings($"logging.seq.url = \"http://127.0.0.1:{FakeSeqServer.FreePort()}\"",
            "logging.seq.flush_timeout = 200ms", "logging.seq.queue_limit = 10", "logging.seq.min_backoff = 10ms");
        SeqSink seq;
        using (var logging = LoggingSetup.Create(settings, LogIdentity.Local("r", "rollout"), new StringWriter()))
        {
            seq = logging.Seq!;
            for (var i = 0; i < 50; i++)
            {
                logging.Logger.Information("event {N}", i);
            }
        }

        Assert.Equal(50, ReadClef(_runDir).Length);
        Assert.Equal(50, seq.Dropped);
    }

    [Theory]
    [InlineData("Warning", Serilog.Events.LogEventLevel.Warning)]
    [InlineData("verbose", Serilog.Events.LogEventLevel.Verbose)]
    public void ParseLevel_AnyCase_Parsed(string name, Serilog.Events.LogEventLevel expected) =>
        Assert.Equal(expected, LoggingSetup.ParseLevel(name));
}
