using System.Reflection;
using System.Runtime.Loader;

namespace RaRlhf.Actors.Pipeline.Rewards.Plugins;

/// <summary>
/// Loads a reward plug-in and its private dependencies (found through its <c>.deps.json</c>), but takes every
/// assembly the host has — RaRlhf.*, Serilog, the framework: loaded already or on the host's trusted list — from the
/// host: a plug-in's own copy of RaRlhf.Actors.dll would define a second <see cref="IRewardModel"/> that the host's
/// cast would reject.
/// </summary>
internal sealed class RewardPluginLoadContext(string pluginPath)
    : AssemblyLoadContext($"reward-plugin:{Path.GetFileName(pluginPath)}")
{
    private static readonly Lazy<HashSet<string>> HostAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    /// <summary>The plug-in itself; the host's copy when the path names an assembly the host already has.</summary>
    public Assembly LoadPlugin()
    {
        var name = AssemblyName.GetAssemblyName(pluginPath);
        return IsHostAssembly(name) ? Default.LoadFromAssemblyName(name) : LoadFromAssemblyPath(pluginPath);
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (IsHostAssembly(name))
        {
            return null; // falls back to the default context, i.e. the host's copy
        }

        var path = _resolver.ResolveAssemblyToPath(name);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static bool IsHostAssembly(AssemblyName name) =>
        name.Name is { } n && (HostAssemblies.Value.Contains(n) || Default.Assemblies.Any(a => a.GetName().Name == n));
}
