using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Models.Heads;

/// <summary>
/// The learner's view of a GPT-2 policy (TRL AutoModelForCausalLMWithValueHead): one forward gives next-token
/// log-probs, entropies and (when the model has a value head) per-token values; one backward takes dLogProbs and
/// dValues and accumulates into <see cref="Gpt2Model.Gradients"/>. Also serves a reference model (no value head).
/// </summary>
public sealed class PolicyValueModel(Gpt2Model model)
{
    private int[] _targets = [];

    public Gpt2Model Model { get; } = model;

    public bool HasValueHead => Model.Layout.Heads.HasFlag(Gpt2Heads.Value);

    /// <param name="ids">(B, T) prompt + response tokens, left padded</param>
    /// <param name="mask">(B, T) 1 = token, 0 = padding (empty = no padding)</param>
    public PolicyOutputs Forward(ReadOnlySpan<int> ids, ReadOnlySpan<float> mask, int b, int t)
    {
        if (t < 2)
        {
            throw new ArgumentException("need T ≥ 2 tokens per row to score next tokens", nameof(t));
        }

        Model.Forward(ids, mask, b, t);
        int n = b * t, v = Model.Config.VocabSize;
        if (_targets.Length != n) _targets = new int[n];
        for (var i = 0; i < n; i++)
        {
            _targets[i] = i % t == t - 1 ? -1 : ids[i + 1];
        }

        var logProbs = new float[n];
        var entropy = new float[n];
        SoftmaxCrossEntropy.Forward(Model.Logits, _targets, logProbs, entropy, n, v);
        var values = new float[HasValueHead ? n : 0];
        if (HasValueHead)
        {
            ValueHead.Forward(Model, Model.Hidden.Span, values, n);
        }

        return new PolicyOutputs(b, t, DropLast(logProbs, b, t), values, DropLast(entropy, b, t));
    }

    /// <summary>
    /// Backward of Σ dLogProbs·logProbs + Σ dValues·values for the last <see cref="Forward"/>; dValues may be empty.
    /// </summary>
    public void Backward(ReadOnlySpan<float> dLogProbs, ReadOnlySpan<float> dValues)
    {
        int b = Model.B, t = Model.T, n = b * t, c = Model.Config.NEmbd;
        if (dLogProbs.Length != b * (t - 1) || (!dValues.IsEmpty && dValues.Length != n))
        {
            throw new ArgumentException($"dLogProbs must be (B, T−1) = {b * (t - 1)} and dValues (B, T) = {n} or empty");
        }

        var dlp = new float[n];
        for (var bi = 0; bi < b; bi++)
        {
            dLogProbs.Slice(bi * (t - 1), t - 1).CopyTo(dlp.AsSpan(bi * t, t - 1));
        }

        SoftmaxCrossEntropy.Backward(Model.Logits, Model.Logits, _targets, dlp, n, Model.Config.VocabSize);
        var dHidden = Span<float>.Empty;
        if (!dValues.IsEmpty)
        {
            if (!HasValueHead) throw new InvalidOperationException("dValues given but the model has no value head");
            dHidden = new float[n * c];
            ValueHead.Backward(Model, Model.Hidden.Span, dValues, dHidden, n);
        }

        Model.Backward(dHidden, logitsHoldGradients: true);
    }

    private static float[] DropLast(float[] x, int b, int t)
    {
        var y = new float[b * (t - 1)];
        for (var bi = 0; bi < b; bi++)
        {
            x.AsSpan(bi * t, t - 1).CopyTo(y.AsSpan(bi * (t - 1)));
        }

        return y;
    }
}
