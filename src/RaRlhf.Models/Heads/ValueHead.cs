using System.Numerics.Tensors;

namespace RaRlhf.Models.Heads;

/// <summary>TRL ValueHead: v = hidden · wᵀ + b per token on the final hidden states (after ln_f); dropout 0.</summary>
public static class ValueHead
{
    /// <summary>values (N) from hidden (N, C).</summary>
    public static void Forward(Gpt2Model model, ReadOnlySpan<float> hidden, Span<float> values, int n)
    {
        var c = model.Config.NEmbd;
        var w = model.Param(Gpt2Layout.ValueWeight).Span;
        var bias = model.Param(Gpt2Layout.ValueBias).Span[0];
        for (var i = 0; i < n; i++)
        {
            values[i] = TensorPrimitives.Dot(hidden.Slice(i * c, c), w) + bias;
        }
    }

    /// <summary>Adds dValues·w into dHidden (N, C) and accumulates the head's gradients.</summary>
    public static void Backward(Gpt2Model model, ReadOnlySpan<float> hidden, ReadOnlySpan<float> dValues, Span<float> dHidden, int n)
    {
        var c = model.Config.NEmbd;
        var w = model.Param(Gpt2Layout.ValueWeight).Span;
        var dw = model.Grad(Gpt2Layout.ValueWeight).Span;
        var db = model.Grad(Gpt2Layout.ValueBias).Span;
        for (var i = 0; i < n; i++)
        {
            var g = dValues[i];
            TensorPrimitives.MultiplyAdd(w, g, dHidden.Slice(i * c, c), dHidden.Slice(i * c, c));
            TensorPrimitives.MultiplyAdd(hidden.Slice(i * c, c), g, dw, dw);
            db[0] += g;
        }
    }
}
