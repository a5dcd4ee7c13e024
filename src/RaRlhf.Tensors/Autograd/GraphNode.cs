namespace RaRlhf.Tensors.Autograd;

/// <summary>One recorded op: its inputs (graph edges) and the closure that turns the output's gradient into
/// gradient contributions accumulated into the inputs that require grad.</summary>
internal sealed class GraphNode(Tensor[] inputs, Action backward)
{
    /// <summary>Marks an op output whose graph a backward already consumed (its closures were dropped).</summary>
    public static GraphNode Released { get; } = new([], static () => { });

    public Tensor[] Inputs { get; } = inputs;

    public Action Backward { get; } = backward;
}
