// TEMPORARY (engineer `train`): stands in for engineer `rewards`' RewardRegistry / RewardContext (the contract in
// the brief) until that lands. Only type `classifier` is supported. DELETE THIS FILE at merge: TrainJob's call
// `RewardRegistry.Create(settings.Reward.Selected, new RewardContext(...))` then binds to the real registry.
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Models;

namespace RaRlhf.Actors.Pipeline.Rewards;

internal sealed record RewardContext(Func<int[], string> Decode, string BaseDirectory, Serilog.ILogger Logger);

internal static class RewardRegistry
{
    public static IRewardModel Create(RewardScorerSection scorer, RewardContext context)
    {
        if (scorer.Type != "classifier")
        {
            throw new ArgumentException(
                $"reward scorer '{scorer.Name}' has type {scorer.Type}; this build wires only type classifier into train");
        }

        var model = Path.GetFullPath(scorer.Settings.GetString("model"), context.BaseDirectory);
        if (!File.Exists(Path.Combine(model, Gpt2Checkpoint.ConfigFile)))
        {
            throw new FileNotFoundException(
                $"config key 'reward.scorers.{scorer.Name}.model' = {model}: not a model directory (no config.json); " +
                "build the reward model with `./rarlhf prepare imdb` (or `./rarlhf reward-model train`) or set the key");
        }

        var label = scorer.Settings.HasPath("label") ? scorer.Settings.GetInt("label") : 1;
        var sign = scorer.Settings.HasPath("sign") ? (float)scorer.Settings.GetDouble("sign") : 1f;
        return new ClassifierReward(Gpt2Checkpoint.Load(model, Gpt2Heads.Score, requireHeads: true), label, sign);
    }
}
