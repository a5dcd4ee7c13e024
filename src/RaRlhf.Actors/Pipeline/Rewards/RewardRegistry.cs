using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline.Rewards.Plugins;

namespace RaRlhf.Actors.Pipeline.Rewards;

/// <summary>
/// Builds the reward model a <c>reward.scorers.NAME</c> section describes (docs/custom-rewards.md): <c>classifier</c>
/// (a GPT-2 checkpoint with a score head), <c>lexicon</c> (a word-weight file), <c>http</c> (a remote
/// <c>serve-reward</c>) or <c>plugin</c> (an <see cref="IRewardModel"/> class in a third-party assembly). Every problem
/// throws <see cref="ConfigValidationException"/> naming the key path, the file and what to do. A returned model that
/// is <see cref="IDisposable"/> (http) belongs to the caller.
/// </summary>
public static partial class RewardRegistry
{
    public static IRewardModel Create(RewardScorerSection scorer, RewardContext context)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(context);
        var reader = new SettingsReader(scorer.Settings);
        var model = scorer.Type switch
        {
            "classifier" => Classifier(reader, context),
            "lexicon" => Lexicon(reader, context),
            "http" => Http(reader),
            "plugin" => RewardPluginLoader.Load(scorer, reader, context),
            _ => Reject(reader, "type", scorer.Type, $"unknown scorer type; use one of {string.Join(" | ", RewardScorerSection.Types)}"),
        };
        if (reader.Errors.Count > 0)
        {
            (model as IDisposable)?.Dispose();
            throw new ConfigValidationException(reader.Errors);
        }

        context.Logger.Information("Reward scorer {Scorer} ({ScorerType}) ready: {RewardModel}", scorer.Name, scorer.Type, model!.Name);
        return model;
    }

    /// <summary>A path key resolved against <see cref="RewardContext.BaseDirectory"/>; "" when missing (already reported).</summary>
    internal static string ResolvePath(SettingsReader reader, string key, RewardContext context)
    {
        var value = reader.String(key, v => v.Length > 0, "must not be empty");
        return value.Length == 0 ? "" : Path.GetFullPath(value, Path.GetFullPath(context.BaseDirectory));
    }

    /// <summary>Records the problem and stops building: every later step depends on this key.</summary>
    internal static IRewardModel? Reject(SettingsReader reader, string key, object? value, string reason)
    {
        reader.Reject(key, value, reason);
        return null;
    }

    /// <summary>A file that did not load: the problem, naming the key it came from, and what to do.</summary>
    internal static IRewardModel? Fail(SettingsReader reader, string key, string path, Exception e, string advice) =>
        Reject(reader, key, path, $"{e.Message.TrimEnd('.')}; {advice}");
}
