namespace RaRlhf.Actors.Configuration.Settings;

/// <summary>Start-up rejection of a configuration: every problem found, each naming the key path, where it was set and why.</summary>
public sealed class ConfigValidationException : Exception
{
    public ConfigValidationException(IReadOnlyList<string> errors)
        : base("invalid configuration:\n" + string.Join('\n', errors.Select(e => "  - " + e)))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
