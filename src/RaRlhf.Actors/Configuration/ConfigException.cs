namespace RaRlhf.Actors.Configuration;

/// <summary>A missing key or a value of the wrong type, naming the full key path and where the value was defined.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string path, string message)
        : base(message)
    {
        Path = path;
    }

    /// <summary>The full key path, e.g. <c>ppo.batch_size</c>.</summary>
    public string Path { get; }
}
