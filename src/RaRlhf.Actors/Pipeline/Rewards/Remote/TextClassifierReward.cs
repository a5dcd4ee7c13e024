using RaRlhf.Models;
using RaRlhf.Models.Heads;

namespace RaRlhf.Actors.Pipeline.Rewards.Remote;

/// <summary>
/// A GPT-2 sequence classifier as a text reward: tokenizes prompt + response with <paramref name="encode"/> (the
/// classifier's own tokenizer, since remote items carry text only), keeps the last <paramref name="maxTokens"/>
/// tokens, right-pads the batch and returns the logit of <paramref name="label"/> at each row's last real token
/// (multiplied by <paramref name="sign"/>, e.g. −1 for "minus the toxic logit").
/// </summary>
public sealed class TextClassifierReward(
    SequenceClassifier classifier, Func<string, int[]> encode, int maxTokens, int label = 0, float sign = 1f, string name = "classifier")
    : IRewardModel
{
    public string Name => name;

    /// <summary>
    /// A classifier from a GPT-2 checkpoint directory with a score head (<c>score.weight</c>), reading at most
    /// n_positions tokens; <paramref name="encode"/> is the checkpoint's tokenizer.
    /// </summary>
    public static TextClassifierReward FromCheckpoint(string modelDir, Func<string, int[]> encode, int label = 0, float sign = 1f)
    {
        var model = Gpt2Checkpoint.Load(modelDir, Gpt2Heads.Score, requireHeads: true);
        if (label < 0 || label >= model.Layout.NumLabels)
        {
            throw new ArgumentException($"model {modelDir} has {model.Layout.NumLabels} labels; label {label} does not exist", nameof(label));
        }

        return new TextClassifierReward(new SequenceClassifier(model), encode, model.Config.NPositions, label, sign,
            $"classifier({Path.GetFileName(Path.TrimEndingDirectorySeparator(modelDir))}, label {label})");
    }

    public Task<RewardOutput> ScoreAsync(IReadOnlyList<RewardInput> items, CancellationToken cancellation)
    {
        if (items.Count == 0)
        {
            return Task.FromResult(RewardOutput.Of([]));
        }

        var rows = new int[items.Count][];
        for (var i = 0; i < items.Count; i++)
        {
            var ids = encode(items[i].PromptText + items[i].ResponseText);
            rows[i] = ids.Length > maxTokens ? ids[^maxTokens..] : ids;
            if (rows[i].Length == 0)
            {
                rows[i] = [0]; // an empty text still needs one position to read a logit from
            }
        }

        int b = items.Count, t = rows.Max(r => r.Length);
        var flat = new int[b * t];   // (B, T), right-padded with id 0 under mask 0
        var mask = new float[b * t]; // (B, T)
        for (var i = 0; i < b; i++)
        {
            rows[i].CopyTo(flat, i * t);
            mask.AsSpan(i * t, rows[i].Length).Fill(1f);
        }

        var scores = classifier.ForwardScores(flat, mask, b, t, label);
        for (var i = 0; i < b; i++)
        {
            scores[i] *= sign;
        }

        return Task.FromResult(RewardOutput.Of(scores));
    }
}
