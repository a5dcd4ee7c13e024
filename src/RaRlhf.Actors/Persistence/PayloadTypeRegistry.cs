namespace RaRlhf.Actors.Persistence;

/// <summary>
/// The known event and snapshot types and their stable manifests (the names stored beside each payload). Manifests,
/// not CLR type names, are persisted so types can be renamed or moved without breaking old journals.
/// </summary>
public sealed class PayloadTypeRegistry
{
    /// <summary>Built-in manifest of <c>byte[]</c> payloads, stored verbatim (no JSON, no base64).</summary>
    public const string RawBytesManifest = "raw-bytes";

    private readonly Dictionary<string, Type> _byManifest = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="manifest"/>; both must be new.</summary>
    public PayloadTypeRegistry Register<T>(string manifest) => Register(typeof(T), manifest);

    /// <summary>Registers <paramref name="type"/> under <paramref name="manifest"/>; both must be new.</summary>
    public PayloadTypeRegistry Register(Type type, string manifest)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentException.ThrowIfNullOrWhiteSpace(manifest);
        if (manifest == RawBytesManifest || _byManifest.ContainsKey(manifest))
        {
            throw new ArgumentException($"payload manifest '{manifest}' is already registered", nameof(manifest));
        }

        if (!_byType.TryAdd(type, manifest))
        {
            throw new ArgumentException(
                $"payload type {type.FullName} is already registered as '{_byType[type]}'", nameof(type));
        }

        _byManifest.Add(manifest, type);
        return this;
    }

    /// <summary>The manifest of a type; throws naming the type when it was never registered.</summary>
    public string ManifestOf(Type type) =>
        type == typeof(byte[]) ? RawBytesManifest
        : _byType.TryGetValue(type, out var manifest) ? manifest
        : throw new ArgumentException(
            $"payload type {type.FullName} is not registered; call PayloadTypeRegistry.Register<{type.Name}>(\"name\")",
            nameof(type));

    /// <summary>The type of a manifest, or null when unknown.</summary>
    public Type? TypeOf(string manifest) =>
        manifest == RawBytesManifest ? typeof(byte[]) : _byManifest.GetValueOrDefault(manifest);
}
