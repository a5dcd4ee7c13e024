namespace RaRlhf.Models.Training;

/// <summary>
/// Minimal AdamW over the flat parameter buffer (torch.optim.AdamW semantics: decoupled decay p ← p·(1 − lr·wd), bias-
/// corrected moments, denominator √v̂ + eps). Stop-gap for the model tests and benchmark until the shared optimizer in
/// RaRlhf.Tensors lands; it has the same flat-buffer shape so it can be swapped out.
/// </summary>
public sealed class FlatAdamW(int length, float learningRate, float beta1 = 0.9f, float beta2 = 0.999f, float eps = 1e-8f, float weightDecay = 0.01f)
{
    private readonly float[] _m = new float[length];
    private readonly float[] _v = new float[length];

    public int Step { get; private set; }

    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        Step++;
        var bc1 = 1 - Math.Pow(beta1, Step);
        var bc2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, Step));
        var stepSize = (float)(learningRate / bc1);
        for (var i = 0; i < parameters.Length; i++)
        {
            var g = gradients[i];
            parameters[i] *= 1 - learningRate * weightDecay;
            _m[i] = beta1 * _m[i] + (1 - beta1) * g;
            _v[i] = beta2 * _v[i] + (1 - beta2) * g * g;
            var denom = MathF.Sqrt(_v[i]) / (float)bc2Sqrt + eps;
            parameters[i] -= stepSize * _m[i] / denom;
        }
    }
}
