namespace RaRlhf.Rl.Tests;

/// <summary>Plain Adam (β1 0.9, β2 0.999, ε 1e-8) over the policy table followed by the value table.</summary>
internal sealed class TabularAdam(int size, double lr)
{
    private readonly double[] _m = new double[size], _v = new double[size];
    private int _t;

    public void Step(double[] theta, double[] w, double[] grad)
    {
        _t++;
        for (var i = 0; i < size; i++)
        {
            _m[i] = 0.9 * _m[i] + 0.1 * grad[i];
            _v[i] = 0.999 * _v[i] + 0.001 * grad[i] * grad[i];
            var update = lr * (_m[i] / (1 - Math.Pow(0.9, _t))) / (Math.Sqrt(_v[i] / (1 - Math.Pow(0.999, _t))) + 1e-8);
            if (i < theta.Length)
            {
                theta[i] -= update;
            }
            else
            {
                w[i - theta.Length] -= update;
            }
        }
    }
}
