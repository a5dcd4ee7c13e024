using RaRlhf.Actors.Actors;
using RaRlhf.Actors.Pipeline.Messages;
using RaRlhf.Actors.Pipeline.Rewards;

namespace RaRlhf.Actors.Pipeline.Roles;

/// <summary>Scores rollouts with an <see cref="IRewardModel"/>; <paramref name="decode"/> turns ids into text.</summary>
public sealed class RewardScorer(IRewardModel model, Func<int[], string> decode) : Actor
{
    protected override async Task ReceiveAsync(object message)
    {
        if (message is not Score score)
        {
            throw new InvalidOperationException($"{nameof(RewardScorer)} cannot handle {message.GetType().Name}");
        }

        var r = score.Rollouts;
        var inputs = Enumerable.Range(0, r.Count)
            .Select(i => new RewardInput(decode(r.PromptIds[i]), decode(r.ResponseIds[i]), r.PromptIds[i], r.ResponseIds[i]))
            .ToArray();
        var output = await model.ScoreAsync(inputs, Context.Stopping);
        if (output.Scores.Length != r.Count || output.Scores.Any(s => !float.IsFinite(s)))
        {
            throw new InvalidOperationException($"reward model {model.Name} returned {output.Scores.Length} scores for {r.Count} episodes (or a non-finite one); it must return one finite score per episode");
        }

        Respond(new ScoredRollouts(r, output.Scores, output.Extra));
    }
}
