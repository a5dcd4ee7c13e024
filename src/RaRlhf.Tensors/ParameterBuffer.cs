namespace RaRlhf.Tensors;

/// <summary>
/// llm.c-style parameter storage: every parameter is a named view into one flat <see cref="Values"/> array, and its
/// gradient a view into one flat <see cref="Grads"/> array at the same offset, so optimizers, gradient clipping and
/// checkpointing work on two spans. Layout is fixed at construction, in the given order.
/// </summary>
public sealed class ParameterBuffer
{
    private readonly Dictionary<string, Tensor> _byName = new(StringComparer.Ordinal);
    private readonly List<(string Name, Tensor Tensor, int Offset)> _ordered = [];

    public ParameterBuffer(IEnumerable<(string Name, int[] Shape)> layout)
    {
        var entries = layout.ToList();
        long total = 0;
        foreach (var (_, shape) in entries) { total += Shapes.SizeOf(shape); }

        if (total > Array.MaxLength)
        {
            throw new ArgumentException($"Parameter layout holds {total} floats, more than one array can hold.");
        }

        Values = new float[total];
        Grads = new float[total];
        var offset = 0;
        foreach (var (name, shape) in entries)
        {
            var view = new Tensor(Values, offset, shape, requiresGrad: true);
            view.BindGrad(Grads, offset);
            if (!_byName.TryAdd(name, view))
            {
                throw new ArgumentException($"Parameter '{name}' appears twice in the layout.");
            }

            _ordered.Add((name, view, offset));
            offset += view.Size;
        }
    }

    /// <summary>All parameter values, in layout order.</summary>
    public float[] Values { get; }

    /// <summary>All gradients, same layout as <see cref="Values"/>.</summary>
    public float[] Grads { get; }

    public int Count => _ordered.Count;

    public int Size => Values.Length;

    /// <summary>The view named <paramref name="name"/>; throws naming the missing key.</summary>
    public Tensor this[string name] =>
        _byName.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"No parameter named '{name}' in this buffer.");

    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>(name, view, offset into the flat arrays), in layout order.</summary>
    public IReadOnlyList<(string Name, Tensor Tensor, int Offset)> Entries => _ordered;

    /// <summary>
    /// The slice of another flat array laid out like <see cref="Values"/> (e.g. Adam's <c>State.M</c>/<c>State.V</c>)
    /// that belongs to parameter <paramref name="name"/>, shaped like it. No copy.
    /// </summary>
    public Tensor View(string name, float[] flat)
    {
        if (flat.Length != Size)
        {
            throw new ArgumentException($"View of '{name}': the flat array has {flat.Length} floats, the buffer {Size}.");
        }

        var entry = _ordered.Find(e => e.Name == name);
        if (entry.Tensor is null)
        {
            throw new KeyNotFoundException($"No parameter named '{name}' in this buffer.");
        }

        return new Tensor(flat, entry.Offset, entry.Tensor.Shape);
    }

    public void ZeroGrad() => Array.Clear(Grads);
}
