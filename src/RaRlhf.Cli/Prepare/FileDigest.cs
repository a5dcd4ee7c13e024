using System.Security.Cryptography;

namespace RaRlhf.Cli.Prepare;

/// <summary>sha256 (lower-case hex) and size of a file; a directory's files listed in ordinal order with '/' separators.</summary>
internal sealed record FileDigest(string Sha256, long Bytes)
{
    public static FileDigest Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return new FileDigest(Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
    }

    /// <summary>Every file under <paramref name="directory"/> (relative paths), except names in <paramref name="skip"/>.</summary>
    public static SortedDictionary<string, FileDigest> OfDirectory(string directory, params string[] skip)
    {
        var result = new SortedDictionary<string, FileDigest>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (!skip.Contains(Path.GetFileName(relative))) result[relative] = Of(file);
        }

        return result;
    }

    /// <summary>One hash for a whole directory: sha256 over "path sha256\n" lines (stage inputs that are directories).</summary>
    public static string Combined(IReadOnlyDictionary<string, FileDigest> files) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            string.Concat(files.Select(f => $"{f.Key} {f.Value.Sha256}\n")))));
}
