using System.Numerics.Tensors;

namespace RaRlhf.Models.Heads;

/// <summary>
/// GPT2ForSequenceClassification: logits (B, L) = score.weight (L, C) applied to the final hidden state of each row's
/// last non-pad token (found from the mask, so left and right padding both work). The reward model's scores are
/// one label's logits.
/// </summary>
public sealed class SequenceClassifier
{
    private int[] _last = [];

    public SequenceClassifier(Gpt2Model model)
    {
        if (!model.Layout.Heads.HasFlag(Gpt2Heads.Score))
        {
            throw new ArgumentException("the model has no score head; load it with Gpt2Heads.Score", nameof(model));
        }

        Model = model;
    }

    public Gpt2Model Model { get; }

    public int NumLabels => Model.Layout.NumLabels;

    /// <summary>(B, L) label logits.</summary>
    public float[] Forward(ReadOnlySpan<int> ids, ReadOnlySpan<float> mask, int b, int t)
    {
        Model.Forward(ids, mask, b, t, computeLogits: false);
        int c = Model.Config.NEmbd, labels = NumLabels;
        _last = new int[b];
        var hidden = Model.Hidden.Span;
        var w = Model.Param(Gpt2Layout.ScoreWeight).Span;
        var logits = new float[b * labels];
        for (var bi = 0; bi < b; bi++)
        {
            _last[bi] = LastToken(mask, bi, t);
            var h = hidden.Slice((bi * t + _last[bi]) * c, c);
            for (var k = 0; k < labels; k++)
            {
                logits[bi * labels + k] = TensorPrimitives.Dot(h, w.Slice(k * c, c));
            }
        }

        return logits;
    }

    /// <summary>Accumulates gradients of Σ dLogits·logits (B, L) for the last <see cref="Forward"/>.</summary>
    public void Backward(ReadOnlySpan<float> dLogits)
    {
        int b = Model.B, t = Model.T, c = Model.Config.NEmbd, labels = NumLabels;
        var hidden = Model.Hidden.Span;
        var w = Model.Param(Gpt2Layout.ScoreWeight).Span;
        var dw = Model.Grad(Gpt2Layout.ScoreWeight).Span;
        var dHidden = new float[b * t * c];
        for (var bi = 0; bi < b; bi++)
        {
            var row = (bi * t + _last[bi]) * c;
            for (var k = 0; k < labels; k++)
            {
                var g = dLogits[bi * labels + k];
                TensorPrimitives.MultiplyAdd(w.Slice(k * c, c), g, dHidden.AsSpan(row, c), dHidden.AsSpan(row, c));
                TensorPrimitives.MultiplyAdd(hidden.Slice(row, c), g, dw.Slice(k * c, c), dw.Slice(k * c, c));
            }
        }

        Model.Backward(dHidden, logitsHoldGradients: false);
    }

    /// <summary>Reward scores (B): logit of <paramref name="label"/> per row.</summary>
    public float[] ForwardScores(ReadOnlySpan<int> ids, ReadOnlySpan<float> mask, int b, int t, int label = 0)
    {
        var logits = Forward(ids, mask, b, t);
        return Enumerable.Range(0, b).Select(i => logits[i * NumLabels + label]).ToArray();
    }

    /// <summary>Backward from dScores (B) of <see cref="ForwardScores"/>.</summary>
    public void BackwardScores(ReadOnlySpan<float> dScores, int label = 0)
    {
        var d = new float[Model.B * NumLabels];
        for (var i = 0; i < Model.B; i++) d[i * NumLabels + label] = dScores[i];
        Backward(d);
    }

    private static int LastToken(ReadOnlySpan<float> mask, int bi, int t)
    {
        if (mask.IsEmpty) return t - 1;
        for (var ti = t - 1; ti >= 0; ti--)
        {
            if (mask[bi * t + ti] != 0f) return ti;
        }

        throw new ArgumentException($"row {bi} has no unmasked token to classify");
    }
}
