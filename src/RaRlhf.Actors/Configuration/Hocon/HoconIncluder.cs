namespace RaRlhf.Actors.Configuration.Hocon;

/// <summary>
/// Per-file parsing context: resolves <c>include "file"</c> relative to the including file (refusing include
/// cycles) and makes substitutions in a file included below the root relative to its include point.
/// </summary>
internal sealed class HoconIncluder
{
    private readonly string? _directory;
    private readonly IReadOnlyList<string> _substitutionPrefix;
    private readonly IReadOnlyList<string> _stack;

    private HoconIncluder(string? directory, IReadOnlyList<string> substitutionPrefix, IReadOnlyList<string> stack)
    {
        _directory = directory;
        _substitutionPrefix = substitutionPrefix;
        _stack = stack;
    }

    /// <summary>Parses <paramref name="text"/> into <paramref name="target"/>; <paramref name="file"/> labels errors and anchors includes.</summary>
    public static void ParseInto(HoconObject target, string text, string file, string? directory) =>
        new HoconParser(new HoconCursor(text, file), new HoconIncluder(directory, [], [Normalize(file)])).ParseDocument(target, []);

    public HoconSubstitution Substitution(IReadOnlyList<string> path, bool optional, SourcePosition position) =>
        new(_substitutionPrefix.Concat(path).ToList(), HoconPath.Format(path), optional, position);

    public void Include(HoconObject target, IReadOnlyList<string> prefix, string name, bool required, SourcePosition position)
    {
        var path = Path.IsPathRooted(name) ? name : Path.Combine(_directory ?? Directory.GetCurrentDirectory(), name);
        var full = Normalize(path);
        if (_stack.Contains(full))
        {
            throw new HoconException(position, $"include cycle: {string.Join(" -> ", _stack.Append(full))}");
        }

        if (!File.Exists(full))
        {
            if (required)
            {
                throw new HoconException(position, $"required include '{name}' not found (looked for {full})");
            }

            return;
        }

        var display = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        var includer = new HoconIncluder(Path.GetDirectoryName(full), prefix, _stack.Append(full).ToList());
        new HoconParser(new HoconCursor(File.ReadAllText(full), display), includer).ParseDocument(target, prefix);
    }

    private static string Normalize(string file) => Path.GetFullPath(file);
}
