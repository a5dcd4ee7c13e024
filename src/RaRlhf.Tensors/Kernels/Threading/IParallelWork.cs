namespace RaRlhf.Tensors.Kernels.Threading;

/// <summary>A job split into numbered parts that may run on any thread in any order.</summary>
internal interface IParallelWork
{
    void Execute(int part);
}
