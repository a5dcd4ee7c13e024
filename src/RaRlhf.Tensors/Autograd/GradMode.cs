namespace RaRlhf.Tensors.Autograd;

/// <summary>Per-thread switch for recording the graph. Off inside <see cref="NoGrad"/> (inference).</summary>
public static class GradMode
{
    [ThreadStatic]
    private static int t_disabledDepth;

    public static bool IsEnabled => t_disabledDepth == 0;

    /// <summary><c>using (GradMode.NoGrad()) { ... }</c>: ops inside record nothing and outputs never require grad.</summary>
    public static NoGradScope NoGrad()
    {
        t_disabledDepth++;
        return new NoGradScope();
    }

    internal static void Exit() => t_disabledDepth--;
}
