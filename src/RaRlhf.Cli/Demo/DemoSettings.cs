using RaRlhf.Actors.Configuration;
using RaRlhf.Actors.Configuration.Settings;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// What the demo itself reads from its composed configuration: the run settings every job reads (validated here
/// first, so a bad key fails before any training) and the <c>demo { }</c> section of hocon/demo.conf:
/// eval_prompts, warmup_fraction and prompt_prefix.&lt;task&gt;.
/// </summary>
internal sealed record DemoSettings(RunSettings Run, int EvalPrompts, double WarmupFraction, string PromptPrefix)
{
    public static DemoSettings Read(Config config, string task)
    {
        var run = RunSettings.Load(config);
        var reader = new SettingsReader(config);
        var demo = reader.Section("demo");
        var evalPrompts = demo.Int("eval_prompts", n => n > 0, "must be > 0 (validation prompts per evaluated method)");
        var warmup = demo.Double("warmup_fraction", f => f is >= 0 and < 1, "must be in [0, 1): the paper's n as a fraction of the run (IMDB 30/194)");
        var prefix = demo.Section("prompt_prefix").String(task, p => p.Trim().Length > 0, "must be a non-empty steering text for the prompted base model");
        if (run.Run.Iterations == 0)
        {
            reader.Section("run").Reject("iterations", 0, "the demo needs an explicit iteration count M (its risk schedule is scaled to M)");
        }

        return reader.Errors.Count == 0
            ? new DemoSettings(run, evalPrompts, warmup, prefix)
            : throw new ConfigValidationException(reader.Errors);
    }

    public int Iterations => Run.Run.Iterations;

    /// <summary>The paper's warm start n scaled to this run: round(warmup_fraction · M).</summary>
    public int Warmup => (int)Math.Round(WarmupFraction * Iterations, MidpointRounding.AwayFromZero);
}
