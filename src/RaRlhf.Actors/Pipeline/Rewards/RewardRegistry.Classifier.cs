using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Models;
using RaRlhf.Tensors.Safetensors;
using RaRlhf.Text;

namespace RaRlhf.Actors.Pipeline.Rewards;

public static partial class RewardRegistry
{
    /// <summary>
    /// <c>type = classifier</c>: <c>model</c> (a Gpt2Checkpoint directory that must bring its score head), <c>label</c>
    /// (default 1), <c>sign</c> (default 1; −1 = minus the logit) and optionally <c>tokenizer</c>, the policy's
    /// tokenizer, whose vocabulary must fit the classifier's (the classifier reads the policy's token ids).
    /// </summary>
    private static IRewardModel? Classifier(SettingsReader r, RewardContext context)
    {
        var dir = ResolvePath(r, "model", context);
        var label = r.Config.HasPath("label") ? r.Int("label", l => l >= 0, "must be ≥ 0") : 1;
        var sign = r.Config.HasPath("sign") ? (float)r.Double("sign", s => s != 0, "must be non-zero (1, or -1 for minus the logit)") : 1f;
        if (r.Errors.Count > 0)
        {
            return null;
        }

        if (!Directory.Exists(dir))
        {
            return Reject(r, "model", dir, "no such directory; point it at a reward model (config.json + model.safetensors), e.g. the output of `rarlhf reward-model train`");
        }

        Gpt2Model model;
        try
        {
            model = Gpt2Checkpoint.Load(dir, Gpt2Heads.Score, requireHeads: true);
        }
        catch (Exception e) when (IsLoadFailure(e))
        {
            return Fail(r, "model", dir, e, "point it at a sequence-classifier checkpoint with a score head");
        }

        if (label >= model.Layout.NumLabels)
        {
            return Reject(r, "label", label, $"the classifier in {dir} has {model.Layout.NumLabels} labels (0..{model.Layout.NumLabels - 1})");
        }

        if (r.Config.HasPath("tokenizer"))
        {
            var tokenizerPath = ResolvePath(r, "tokenizer", context);
            int vocab;
            try
            {
                vocab = ByteLevelBpeTokenizer.Load(tokenizerPath).VocabSize;
            }
            catch (Exception e) when (IsLoadFailure(e))
            {
                return Fail(r, "tokenizer", tokenizerPath, e, "point it at the policy's tokenizer.json or its directory");
            }

            if (vocab > model.Config.VocabSize)
            {
                return Reject(r, "tokenizer", tokenizerPath,
                    $"its vocabulary has {vocab} tokens but the classifier in {dir} knows {model.Config.VocabSize}; a classifier reads the policy's token ids, so train it with the policy's tokenizer (or use a remote scorer, which re-tokenizes text)");
            }
        }

        return new ClassifierReward(model, label, sign);
    }

    private static bool IsLoadFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException or ArgumentException
            or System.Text.Json.JsonException or SafetensorsFormatException;
}
