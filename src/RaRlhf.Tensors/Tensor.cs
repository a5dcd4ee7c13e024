using RaRlhf.Tensors.Autograd;

namespace RaRlhf.Tensors;

/// <summary>
/// A float32, row-major tensor: a shape over a contiguous slice of a flat <c>float[]</c>, plus an optional gradient
/// slice of the same length. Slices let many tensors view one flat parameter buffer (llm.c style, see
/// <see cref="ParameterBuffer"/>). Ops (extension methods in <c>RaRlhf.Tensors.Ops</c>) record a backward closure
/// on their output while grad mode is on and an input requires grad; <see cref="Backward()"/> replays them.
/// </summary>
public sealed partial class Tensor
{
    private readonly float[] _data;
    private readonly int _offset;
    private float[]? _grad;
    private int _gradOffset;

    /// <summary>Wraps <paramref name="data"/>[offset .. offset + size) without copying.</summary>
    public Tensor(float[] data, int offset, int[] shape, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        Shape = (int[])shape.Clone();
        Size = Shapes.SizeOf(Shape);
        if (offset < 0 || offset + (long)Size > data.Length)
        {
            throw new ArgumentException(
                $"Tensor view [{offset}, {offset + (long)Size}) of shape {Shapes.Format(Shape)} does not fit in a buffer of {data.Length} floats.");
        }

        _data = data;
        _offset = offset;
        RequiresGrad = requiresGrad;
    }

    /// <summary>Wraps <paramref name="data"/> (all of it) as shape <paramref name="shape"/>, without copying.</summary>
    public Tensor(float[] data, params int[] shape) : this(data, 0, shape)
    {
        if (Size != data.Length)
        {
            throw new ArgumentException($"Shape {Shapes.Format(shape)} holds {Size} floats but the data has {data.Length}.");
        }
    }

    /// <summary>Dimensions, outermost first. A scalar has shape [].</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Size { get; }

    public int Rank => Shape.Length;

    /// <summary>True for leaves you train and for every op output computed from one while grad mode was on.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>The values, row-major.</summary>
    public Span<float> Data => _data.AsSpan(_offset, Size);

    /// <summary>True once a gradient buffer exists (allocated by backward, or bound to a parameter buffer).</summary>
    public bool HasGrad => _grad is not null;

    /// <summary>The gradient (allocated, zeroed, on first access).</summary>
    public Span<float> Grad
    {
        get
        {
            if (_grad is null)
            {
                // Row-parallel backward kernels may touch a fresh gradient from several threads at once.
                Interlocked.CompareExchange(ref _grad, new float[Size], null);
            }

            return _grad.AsSpan(_gradOffset, Size);
        }
    }

    /// <summary>Allocates the gradient now (before row-parallel kernels write into it).</summary>
    internal void EnsureGrad() => _ = Grad;

    /// <summary>The backward closure of the op that produced this tensor; null for leaves and under no-grad.</summary>
    internal GraphNode? Node { get; set; }

    /// <summary>The single value of a one-element tensor.</summary>
    public float Item()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException($"Item() needs a one-element tensor, this one has shape {Shapes.Format(Shape)}.");
        }

        return _data[_offset];
    }

    [System.Runtime.CompilerServices.IndexerName("At")]
    public float this[params int[] index]
    {
        get => _data[_offset + Shapes.FlatIndex(Shape, index)];
        set => _data[_offset + Shapes.FlatIndex(Shape, index)] = value;
    }

    public float[] ToArray() => Data.ToArray();

    public void ZeroGrad()
    {
        if (_grad is not null)
        {
            Grad.Clear();
        }
    }

    /// <summary>Back-propagates from this one-element tensor (seed gradient 1).</summary>
    public void Backward()
    {
        if (Size != 1)
        {
            throw new InvalidOperationException(
                $"Backward() without a seed needs a scalar, this tensor has shape {Shapes.Format(Shape)}; pass a seed gradient.");
        }

        Backward([1f]);
    }

    /// <summary>Back-propagates <paramref name="seed"/> (dLoss/dThis) through the recorded graph; gradients accumulate.</summary>
    public void Backward(ReadOnlySpan<float> seed)
    {
        if (seed.Length != Size)
        {
            throw new ArgumentException($"Seed gradient has {seed.Length} values, the tensor {Size}.");
        }

        if (!RequiresGrad)
        {
            throw new InvalidOperationException("Backward() on a tensor that does not require grad (computed under NoGrad, or from constants only).");
        }

        var grad = Grad;
        for (var i = 0; i < seed.Length; i++)
        {
            grad[i] += seed[i];
        }

        Graph.RunBackward(this);
    }

    /// <summary>A new leaf tensor with a copy of the values and no graph history (PyTorch <c>detach().clone()</c>).</summary>
    public Tensor Detach() => new(Data.ToArray(), Shape);

    /// <summary>A view sharing both data and gradient storage; used by reshape so its backward is free.</summary>
    internal Tensor ShareStorage(int[] shape)
    {
        var view = new Tensor(_data, _offset, shape);
        if (RequiresGrad && GradMode.IsEnabled)
        {
            _ = Grad;
            view.BindGrad(_grad!, _gradOffset);
        }

        return view;
    }

    /// <summary>Makes this tensor's gradient a view of <paramref name="grad"/>[offset .. offset + Size).</summary>
    internal void BindGrad(float[] grad, int offset)
    {
        if (offset < 0 || offset + (long)Size > grad.Length)
        {
            throw new ArgumentException($"Gradient view [{offset}, {offset + (long)Size}) does not fit in {grad.Length} floats.");
        }

        _grad = grad;
        _gradOffset = offset;
    }

    public override string ToString() => $"Tensor{Shapes.Format(Shape)}{(RequiresGrad ? " requires_grad" : "")}";
}
