namespace RaRlhf.Tensors.Autograd;

/// <summary>
/// Switch for recording the graph, off inside <see cref="NoGrad"/> (inference). The state is an AsyncLocal, so a
/// scope follows its own logical flow across <c>await</c>s and never leaks into other threads or actors.
/// </summary>
public static class GradMode
{
    private static readonly AsyncLocal<int> s_disabledDepth = new();

    public static bool IsEnabled => s_disabledDepth.Value == 0;

    /// <summary><c>using (GradMode.NoGrad()) { ... }</c>: ops inside record nothing and outputs never require grad.</summary>
    public static NoGradScope NoGrad()
    {
        // A synchronous method: the change stays visible to the caller (only async methods restore the context).
        s_disabledDepth.Value++;
        return new NoGradScope();
    }

    internal static void Exit() => s_disabledDepth.Value--;
}
