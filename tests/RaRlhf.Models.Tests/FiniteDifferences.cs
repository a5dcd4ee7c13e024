namespace RaRlhf.Models.Tests;

/// <summary>Central differences on a few entries of named parameters against the model's accumulated gradients.</summary>
internal static class FiniteDifferences
{
    public static void Check(Gpt2Model model, Func<double> objective, IEnumerable<string> names, int perTensor = 6, float h = 1e-2f)
    {
        var grads = (float[])model.Gradients.Clone();
        double worst = 0;
        foreach (var name in names)
        {
            var view = model.Layout[name];
            for (var k = 0; k < perTensor; k++)
            {
                var i = view.Offset + (int)((k * 2654435761L + 7) % view.Length);
                var keep = model.Parameters[i];
                model.Parameters[i] = keep + h;
                var up = objective();
                model.Parameters[i] = keep - h;
                var down = objective();
                model.Parameters[i] = keep;
                var fd = (up - down) / (2 * h);
                var err = Math.Abs(fd - grads[i]) / (0.05 + Math.Abs(fd));
                worst = Math.Max(worst, err);
                Assert.True(err < 0.03, $"{name}[{i - view.Offset}]: analytic {grads[i]} vs finite difference {fd}");
            }
        }

        Console.WriteLine($"finite differences: worst relative error {worst:E2}");
    }
}
