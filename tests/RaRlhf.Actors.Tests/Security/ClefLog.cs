using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Logging;
using RaRlhf.Actors.Tests.Configuration;
using RaRlhf.Testing;

namespace RaRlhf.Actors.Tests.Security;

/// <summary>The production logging pipeline (LoggingSetup: console + rolling CLEF file) into a temp run directory.</summary>
internal sealed class ClefLog : IDisposable
{
    private readonly string _runDir = Directory.CreateTempSubdirectory("rarlhf-secrets-").FullName;

    public ClefLog(string role)
    {
        var settings = RunSettings.Load(ConfigLoader.LoadFile(Path.Combine(TestData.RepoRoot, "hocon", "local.conf"),
            [$"run.dir = \"{_runDir}\"", "logging.level = verbose"], HoconFixtures.Env())).Logging;
        Logging = LoggingSetup.Create(settings, new LogIdentity("secrets", role, "node-1"), Console);
    }

    public RunLogging Logging { get; }

    public StringWriter Console { get; } = new();

    /// <summary>Flushes and closes the logger, then returns the CLEF file text followed by the console text.</summary>
    public string Finish()
    {
        Logging.Dispose();
        var clef = string.Concat(Directory.GetFiles(Path.Combine(_runDir, "logs"), "*.clef").Select(File.ReadAllText));
        return clef + "\n" + Console;
    }

    public void Dispose()
    {
        Logging.Dispose();
        Directory.Delete(_runDir, recursive: true);
    }
}
