using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline.Rewards;
using RaRlhf.Models;
using Serilog;

namespace RaRlhf.Cli.Jobs;

// TEMPORARY stand-in for RaRlhf.Actors.Pipeline.Rewards.RewardRegistry / RewardContext (owner: `rewards`), with the
// contract's exact signatures. Delete this file when the real registry is merged: EvalJob then binds to it unchanged.

/// <summary>Stand-in for the reward registry's context (contract signature).</summary>
internal sealed record RewardContext(Func<int[], string> Decode, string BaseDirectory, ILogger Logger);

/// <summary>Stand-in for the reward registry: only <c>type = classifier</c>.</summary>
internal static class RewardRegistry
{
    public static IRewardModel Create(RewardScorerSection scorer, RewardContext context)
    {
        var where = $"reward.scorers.{scorer.Name}";
        if (scorer.Type != "classifier")
        {
            throw new EvalInputException($"{where}.type = {scorer.Type}: eval can only load classifier scorers until the reward registry lands; use reward.use = classifier");
        }

        var s = scorer.Settings;
        var directory = Path.GetFullPath(s.GetString("model"), context.BaseDirectory);
        if (!Directory.Exists(directory))
        {
            throw new EvalInputException($"{where}.model = {directory} does not exist; point it at a reward model directory (config.json + model.safetensors with a score head)");
        }

        var classifier = Gpt2Checkpoint.Load(directory, Gpt2Heads.Score, requireHeads: true);
        var label = s.HasPath("label") ? s.GetInt("label") : 1;
        if (label < 0 || label >= classifier.Layout.NumLabels)
        {
            throw new EvalInputException($"{where}.label = {label}: the classifier in {directory} has {classifier.Layout.NumLabels} labels");
        }

        var sign = s.HasPath("sign") ? (float)s.GetDouble("sign") : 1f;
        return new ClassifierReward(classifier, label, sign, classifier.Config.PadTokenId ?? classifier.Config.EosTokenId ?? 0);
    }
}
