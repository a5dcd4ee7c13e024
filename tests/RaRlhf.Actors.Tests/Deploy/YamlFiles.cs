using RaRlhf.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RaRlhf.Actors.Tests.Deploy;

/// <summary>Loads the deployment YAML files (every document, merge keys resolved) and walks them by key.</summary>
internal static class YamlFiles
{
    public static string DeployDir => Path.Combine(TestData.RepoRoot, "deploy");

    public static IReadOnlyList<YamlMappingNode> Load(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var stream = new YamlStream();
        try
        {
            stream.Load(new Parser(reader));
        }
        catch (YamlException error)
        {
            throw new InvalidDataException($"{path}: YAML does not parse at {error.Start}: {error.Message}", error);
        }

        return stream.Documents.Select(d => Merge(d.RootNode) as YamlMappingNode
            ?? throw new InvalidDataException($"{path}: a document is not a mapping")).ToList();
    }

    /// <summary>
    /// Resolves YAML merge keys (<c>&lt;&lt;: *anchor</c>) as Compose does: the anchored mapping's entries are copied
    /// unless the mapping sets the key itself (YamlDotNet's MergingParser rejects that override as a duplicate key).
    /// </summary>
    private static YamlNode Merge(YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode map:
            {
                var merged = new YamlMappingNode();
                var mergeKey = new YamlScalarNode("<<");
                foreach (var (key, value) in map.Children)
                    if (!key.Equals(mergeKey)) merged.Add(key, Merge(value));
                if (map.Children.TryGetValue(mergeKey, out var source))
                {
                    var sources = source is YamlSequenceNode many ? many.Children : [source];
                    foreach (var from in sources.Select(Merge).Cast<YamlMappingNode>())
                        foreach (var (key, value) in from.Children)
                            if (!merged.Children.ContainsKey(key)) merged.Add(key, value);
                }

                return merged;
            }
            case YamlSequenceNode sequence:
                return new YamlSequenceNode(sequence.Children.Select(Merge));
            default:
                return node;
        }
    }

    public static YamlNode? Get(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var child)) return null;
            node = child;
        }

        return node;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.Get(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<string> Strings(this YamlNode node, params string[] path) =>
        node.Get(path) is YamlSequenceNode sequence
            ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToList()
            : [];

    /// <summary>Every scalar in the tree with its key path, e.g. <c>services.learner.environment.RARLHF_BROKER</c>.</summary>
    public static IEnumerable<(string Path, string Value)> Scalars(YamlNode node, string path = "")
    {
        switch (node)
        {
            case YamlScalarNode scalar:
                yield return (path, scalar.Value ?? "");
                break;
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                    foreach (var item in Scalars(value, path.Length == 0 ? ((YamlScalarNode)key).Value! : $"{path}.{((YamlScalarNode)key).Value}"))
                        yield return item;
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    foreach (var item in Scalars(sequence.Children[i], $"{path}[{i}]")) yield return item;
                break;
        }
    }
}
