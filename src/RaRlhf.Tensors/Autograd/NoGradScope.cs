namespace RaRlhf.Tensors.Autograd;

/// <summary>Returned by <see cref="GradMode.NoGrad"/>; disposing it restores recording. Scopes nest.</summary>
public readonly struct NoGradScope : IDisposable
{
    public void Dispose() => GradMode.Exit();
}
