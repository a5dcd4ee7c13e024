namespace RaRlhf.Tensors.Autograd;

/// <summary>Records op outputs and runs reverse mode over them in a deterministic topological order.</summary>
public static class Graph
{
    /// <summary>
    /// Attaches <paramref name="backward"/> to <paramref name="output"/> when grad mode is on and any input requires
    /// grad. The closure reads <c>output.Grad</c> and accumulates (+=) into each input that requires grad.
    /// Returns <paramref name="output"/> for chaining.
    /// </summary>
    public static Tensor Record(Tensor output, Tensor[] inputs, Action backward)
    {
        if (!GradMode.IsEnabled)
        {
            return output;
        }

        foreach (var input in inputs)
        {
            if (input.RequiresGrad)
            {
                output.RequiresGrad = true;
                output.Node = new GraphNode(inputs, backward);
                return output;
            }
        }

        return output;
    }

    /// <summary>Runs every backward closure reachable from <paramref name="root"/>, consumers before producers,
    /// then drops the recorded graph (like PyTorch, a second backward through the same ops needs a new forward).</summary>
    internal static void RunBackward(Tensor root)
    {
        var order = TopologicalOrder(root);
        for (var i = order.Count - 1; i >= 0; i--)
        {
            order[i].Node!.Backward();
        }

        foreach (var t in order)
        {
            t.Node = GraphNode.Released;
        }
    }

    private static void ThrowIfReleased(Tensor t)
    {
        if (ReferenceEquals(t.Node, GraphNode.Released))
        {
            throw new InvalidOperationException(
                $"Backward through {t} whose graph an earlier Backward() already consumed; recompute the forward, or Detach() it to use it as a constant.");
        }
    }

    // Post-order DFS (inputs before the op that consumed them), iterative so deep graphs cannot overflow the stack.
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, int NextInput)>();
        if (root.Node is null)
        {
            return order;
        }

        ThrowIfReleased(root);

        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.Node!.Inputs;
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var input = inputs[next];
                ThrowIfReleased(input);
                if (input.Node is not null && visited.Add(input))
                {
                    stack.Push((input, 0));
                }
            }
            else
            {
                order.Add(t);
            }
        }

        return order;
    }
}
