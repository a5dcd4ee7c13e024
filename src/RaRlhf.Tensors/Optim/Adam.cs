namespace RaRlhf.Tensors.Optim;

/// <summary>
/// Adam / AdamW over one flat parameter array (a <see cref="ParameterBuffer"/> or any span pair), PyTorch 1.13
/// semantics: bias-corrected moments, eps added after dividing √v by √(1 − β₂ᵗ), and either L2 or decoupled decay.
/// </summary>
public sealed class Adam
{
    private readonly ParameterBuffer? _parameters;

    public Adam(ParameterBuffer parameters, AdamSettings settings) : this(parameters.Size, settings) => _parameters = parameters;

    public Adam(int size, AdamSettings settings)
    {
        settings.Validate();
        Settings = settings;
        State = new AdamState(0, new float[size], new float[size]);
    }

    /// <summary>Mutable so learning-rate schedules can swap it between steps.</summary>
    public AdamSettings Settings { get; set; }

    public AdamState State { get; private set; }

    /// <summary>One update of the bound <see cref="ParameterBuffer"/> from its gradients.</summary>
    public void Step()
    {
        if (_parameters is null)
        {
            throw new InvalidOperationException("This Adam was created with a size, not a ParameterBuffer; call Step(values, grads).");
        }

        Step(_parameters.Values, _parameters.Grads);
    }

    public void Step(float[] values, float[] grads)
    {
        if (values.Length != State.M.Length || grads.Length != State.M.Length)
        {
            throw new ArgumentException($"Adam holds state for {State.M.Length} parameters, got {values.Length} values and {grads.Length} grads.");
        }

        Settings.Validate();
        State.Step++;
        AdamKernel.Step(values, grads, State.M, State.V, AdamStepScalars.For(Settings, State.Step));
    }

    /// <summary>Restores a snapshot (copies the arrays); sizes must match.</summary>
    public void LoadState(long step, ReadOnlySpan<float> m, ReadOnlySpan<float> v)
    {
        if (step < 0 || m.Length != State.M.Length || v.Length != State.V.Length)
        {
            throw new ArgumentException($"Adam snapshot (step {step}, {m.Length}/{v.Length} moments) does not fit {State.M.Length} parameters.");
        }

        m.CopyTo(State.M);
        v.CopyTo(State.V);
        State.Step = step;
    }
}
