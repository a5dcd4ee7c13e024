using RaRlhf.Tensors.Autograd;
using RaRlhf.Tensors.Ops;

namespace RaRlhf.Tensors.Tests.Autograd;

public sealed class GraphTests
{
    [Fact]
    public void NoGrad_OpsInside_RecordNothing()
    {
        var w = Tensor.Parameter([1f, 2f], 2);
        Tensor y;
        using (GradMode.NoGrad())
        {
            y = w.Mul(w).Sum();
        }

        Assert.False(y.RequiresGrad);
        Assert.Throws<InvalidOperationException>(() => y.Backward());
        Assert.True(w.Mul(w).Sum().RequiresGrad); // recording resumes after the scope
    }

    [Fact]
    public void NoGrad_Nested_RestoresOnlyAfterOutermost()
    {
        using (GradMode.NoGrad())
        {
            using (GradMode.NoGrad()) { Assert.False(GradMode.IsEnabled); }

            Assert.False(GradMode.IsEnabled);
        }

        Assert.True(GradMode.IsEnabled);
    }

    [Fact]
    public async Task NoGrad_AcrossAwait_StaysOffAndDoesNotLeakToOtherThreads()
    {
        var w = Tensor.Parameter([1f], 1);
        using (GradMode.NoGrad())
        {
            var elsewhere = await Task.Run(() => GradMode.IsEnabled); // a fresh flow on another thread...
            Assert.False(elsewhere);                                   // ...inherits the scope it was started from
            await Task.Yield();
            Assert.False(w.Exp().RequiresGrad);
        }

        Assert.True(await Task.Run(() => w.Exp().RequiresGrad));
        using var entered = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        var other = new Thread(() => { using (GradMode.NoGrad()) { entered.Set(); gate.Wait(); } });
        other.Start();
        entered.Wait();
        Assert.True(w.Exp().RequiresGrad);                              // another thread's open scope is not ours
        gate.Set();
        other.Join();
    }

    [Fact]
    public void Backward_TensorUsedOnManyPaths_SumsContributions()
    {
        // y = x·x + 3x + exp(x)  →  dy/dx = 2x + 3 + exp(x)
        var x = Tensor.Parameter([0.5f], 1);
        x.Mul(x).Add(x.Scale(3f)).Add(x.Exp()).Sum().Backward();
        Assert.Equal(2 * 0.5 + 3 + Math.Exp(0.5), x.Grad[0], 1e-5);
    }

    [Fact]
    public void Backward_Twice_AccumulatesLikePyTorch()
    {
        var x = Tensor.Parameter([2f], 1);
        x.Square().Sum().Backward();
        x.Square().Sum().Backward();
        Assert.Equal(8f, x.Grad[0]);
        x.ZeroGrad();
        Assert.Equal(0f, x.Grad[0]);
    }

    [Fact]
    public void Backward_ThroughAnAlreadyConsumedIntermediate_Throws()
    {
        var x = Tensor.Parameter([2f], 1);
        var h = x.Exp();
        h.Sum().Backward();
        var e = Assert.Throws<InvalidOperationException>(() => h.Scale(3f).Sum().Backward());
        Assert.Contains("Detach", e.Message);
        h.Detach().Mul(x).Sum().Backward();   // as a constant it is fine
        Assert.Equal(MathF.Exp(2f) * 2f, x.Grad[0], 1e-4f);
    }

    [Fact]
    public void Backward_NonScalarWithoutSeed_Throws()
    {
        var x = Tensor.Parameter([1f, 2f], 2);
        Assert.Throws<InvalidOperationException>(() => x.Exp().Backward());
    }

    [Fact]
    public void Backward_ConstantInputs_GetNoGradient()
    {
        var w = Tensor.Parameter([1f, 2f], 2);
        var c = Tensor.From([3f, 4f], 2);
        w.Mul(c).Sum().Backward();
        Assert.False(c.HasGrad);
        Assert.Equal([3f, 4f], w.Grad.ToArray());
    }

    [Fact]
    public void Detach_CutsTheGraph()
    {
        var w = Tensor.Parameter([1f, 2f], 2);
        var d = w.Scale(2f).Detach();
        Assert.False(d.RequiresGrad);
        w.Mul(d).Sum().Backward();
        Assert.Equal([2f, 4f], w.Grad.ToArray());
    }

    [Fact]
    public void Backward_DeepChain_DoesNotOverflowTheStack()
    {
        var x = Tensor.Parameter([1f], 1);
        var y = x;
        for (var i = 0; i < 100_000; i++) { y = y.AddScalar(0f); }

        y.Sum().Backward();
        Assert.Equal(1f, x.Grad[0]);
    }
}
