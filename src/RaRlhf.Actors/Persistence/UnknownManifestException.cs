namespace RaRlhf.Actors.Persistence;

/// <summary>A stored payload names a manifest this process has no type registered for.</summary>
public sealed class UnknownManifestException(string manifest, string where)
    : Exception($"unknown payload manifest '{manifest}' ({where}); register its type with " +
        $"PayloadTypeRegistry.Register<T>(\"{manifest}\") or run a build that knows it")
{
    /// <summary>The manifest that has no registered type.</summary>
    public string Manifest { get; } = manifest;
}
