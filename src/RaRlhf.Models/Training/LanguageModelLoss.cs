using RaRlhf.Tensors.Kernels.Nn;

namespace RaRlhf.Models.Training;

/// <summary>
/// Causal LM loss as HF GPT2LMHeadModel(labels = input_ids): mean cross-entropy of token t+1 given tokens ≤ t over
/// all B·(T−1) pairs, skipping targets whose mask is 0 (HF's label −100).
/// </summary>
public sealed class LanguageModelLoss
{
    private int[] _targets = [];
    private int _count;

    public float Forward(Gpt2Model model, ReadOnlySpan<int> ids, ReadOnlySpan<float> mask, int b, int t)
    {
        model.Forward(ids, mask, b, t);
        var n = b * t;
        if (_targets.Length != n) _targets = new int[n];
        _count = 0;
        for (var bi = 0; bi < b; bi++)
        {
            for (var ti = 0; ti < t; ti++)
            {
                var i = bi * t + ti;
                var keep = ti < t - 1 && (mask.IsEmpty || mask[i + 1] != 0f);
                _targets[i] = keep ? ids[i + 1] : -1;
                if (keep) _count++;
            }
        }

        if (_count == 0)
        {
            throw new ArgumentException("the batch has no (token, next token) pair to score");
        }

        var logProbs = new float[n];
        SoftmaxCrossEntropy.Forward(model.Logits, _targets, logProbs, Memory<float>.Empty, n, model.Config.VocabSize);
        return (float)(-logProbs.Sum(x => (double)x) / _count);
    }

    /// <summary>Accumulates d(loss)/d(params) into the model's gradient buffer.</summary>
    public void Backward(Gpt2Model model)
    {
        var n = model.B * model.T;
        var dLogProbs = new float[n];
        Array.Fill(dLogProbs, -1f / _count); // loss = −mean(logprob)
        SoftmaxCrossEntropy.Backward(model.Logits, model.Logits, _targets, dLogProbs, n, model.Config.VocabSize);
        model.Backward(ReadOnlySpan<float>.Empty, logitsHoldGradients: true);
    }
}
