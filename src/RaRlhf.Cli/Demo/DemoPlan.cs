using System.Globalization;
using System.Text.Json;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// The steps of one demo run, decided before anything runs: train RLHF (risk.alpha = 1) in RUN/rlhf and RA-RLHF
/// (the task's α, soft schedule, n scaled to the run) in RUN/ra-rlhf, then evaluate base, prompted base, SFT, RLHF
/// and RA-RLHF on the same validation prompts into RUN/eval and RUN/metrics.json. Creating the plan checks the
/// assets and the configuration and writes RUN/demo.conf (<see cref="DemoConfigFile"/>).
/// </summary>
internal sealed record DemoPlan(
    string Task,
    string RunDirectory,
    string Title,
    string ConfigPath,
    DemoSettings Settings,
    IReadOnlyList<DemoTrainStep> Training,
    IReadOnlyList<DemoEvalStep> Evaluations)
{
    public static DemoPlan Create(DemoOptions options)
    {
        var run = Path.GetFullPath(options.RunDirectory);
        var assets = DemoAssets.Locate(options.Task, options.AssetsDirectory);
        var header = $"Written by rarlhf (task {options.Task}) for {options.Title}.";
        var (config, settings) = DemoConfigFile.Prepare(run, options.Task, header, options.Overlays, assets, options.DataDirectory, options.Sets);

        DemoTrainStep Train(string method, string folder, params string[] overrides)
        {
            var dir = Path.Combine(run, folder);
            return new DemoTrainStep(method, dir, config, [$"run.dir={JsonSerializer.Serialize(dir)}", .. overrides]);
        }

        var rlhf = Train(DemoMethods.Rlhf, "rlhf", "risk.alpha=1");
        var raRlhf = Train(DemoMethods.RaRlhf, "ra-rlhf", "risk.schedule=soft");
        string[] evalOverrides = [$"run.dir={JsonSerializer.Serialize(run)}"];
        DemoEvalStep Eval(string method, string model, string? prefix = null) =>
            new(method, run, model, config, evalOverrides, prefix, settings.EvalPrompts);

        return new DemoPlan(options.Task, run, options.Title, config, settings, [rlhf, raRlhf],
        [
            Eval(DemoMethods.Base, assets.Base),
            Eval(DemoMethods.PromptedBase, assets.Base, settings.PromptPrefix),
            Eval(DemoMethods.Sft, assets.Sft),
            Eval(DemoMethods.Rlhf, rlhf.ModelDirectory),
            Eval(DemoMethods.RaRlhf, raRlhf.ModelDirectory),
        ]);
    }

    /// <summary>One line saying what will be trained: M, B, the learning rate and RA-RLHF's schedule.</summary>
    public string Describe()
    {
        var s = Settings.Run;
        return string.Create(CultureInfo.InvariantCulture,
            $"M = {Settings.Iterations} iterations × B = {s.Ppo.BatchSize} prompts (mini-batch {s.Ppo.MiniBatchSize}, lr {s.Ppo.LearningRate:G3}), " +
            $"gen_len {s.Generation.GenLen}; RA-RLHF α = {s.Risk.Alpha}, n = {Settings.Warmup}, ρ = {s.Risk.Rho}; " +
            $"{Settings.EvalPrompts} eval prompts per method");
    }
}
