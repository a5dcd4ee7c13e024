namespace RaRlhf.Cli.Prepare;

/// <summary>Moves a finished temp directory over the target: the old one is kept aside until the new one is in place.</summary>
internal static class DirectorySwap
{
    public static void Replace(string finished, string target)
    {
        var old = target + $".old-{Guid.NewGuid():N}";
        if (Directory.Exists(target)) Directory.Move(target, old);
        try
        {
            Directory.Move(finished, target);
        }
        catch
        {
            if (Directory.Exists(old) && !Directory.Exists(target)) Directory.Move(old, target);
            throw;
        }

        if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
    }

    /// <summary>
    /// Cleans what a killed run left beside <paramref name="target"/> (called under the prepare lock): unfinished temp
    /// directories are deleted; a kept-aside old directory is put back if the target is missing, else deleted.
    /// </summary>
    public static void RemoveLeftovers(string target)
    {
        var parent = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(parent)) return;
        var name = Path.GetFileName(target);
        foreach (var dir in Directory.GetDirectories(parent, name + ".partial-*")) Directory.Delete(dir, recursive: true);
        foreach (var dir in Directory.GetDirectories(parent, name + ".old-*"))
        {
            if (Directory.Exists(target)) Directory.Delete(dir, recursive: true);
            else Directory.Move(dir, target);
        }
    }
}
