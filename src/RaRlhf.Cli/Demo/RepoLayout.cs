namespace RaRlhf.Cli.Demo;

/// <summary>
/// Where the checkout's hocon/ and assets/ are: the current directory when it holds hocon/tasks, else the nearest
/// ancestor of the program's folder that does (the checkout, when run through ./rarlhf from anywhere).
/// </summary>
internal static class RepoLayout
{
    public static string Root()
    {
        if (Directory.Exists(Path.Combine("hocon", "tasks")))
        {
            return Path.GetFullPath(".");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "hocon", "tasks")))
            {
                return dir.FullName;
            }
        }

        throw new DemoInputException("hocon/tasks not found in the current directory or above the program; run from the checkout");
    }

    public static string Hocon(string file) => Path.Combine(Root(), "hocon", file);

    /// <summary>hocon/tasks/TASK.conf, checked: an unknown task lists the known ones.</summary>
    public static string TaskConfig(string task)
    {
        var path = Path.Combine(Root(), "hocon", "tasks", task + ".conf");
        if (!File.Exists(path))
        {
            var known = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.conf").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
            throw new DemoInputException($"unknown task '{task}': no {path}; known tasks: {string.Join(", ", known)}");
        }

        return path;
    }

    /// <summary>assets/TASK; RealToxicityPrompts-Gen shares the Jigsaw assets (`prepare rtp` writes assets/jigsaw).</summary>
    public static string DefaultAssets(string task) => Path.Combine(Root(), "assets", task == "rtp" ? "jigsaw" : task);
}
