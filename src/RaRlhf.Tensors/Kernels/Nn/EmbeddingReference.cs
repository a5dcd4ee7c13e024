namespace RaRlhf.Tensors.Kernels.Nn;

/// <summary>Scalar embedding lookup and scatter-add.</summary>
public static class EmbeddingReference
{
    public static void Forward(Span<float> output, ReadOnlySpan<int> ids, ReadOnlySpan<int> pos,
        ReadOnlySpan<float> wte, ReadOnlySpan<float> wpe, int n, int c)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < c; j++)
            {
                output[i * c + j] = wte[ids[i] * c + j] + wpe[pos[i] * c + j];
            }
        }
    }

    public static void Backward(Span<float> dwte, Span<float> dwpe, ReadOnlySpan<float> dout, ReadOnlySpan<int> ids,
        ReadOnlySpan<int> pos, int n, int c)
    {
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < c; j++)
            {
                dwte[ids[i] * c + j] += dout[i * c + j];
                dwpe[pos[i] * c + j] += dout[i * c + j];
            }
        }
    }
}
