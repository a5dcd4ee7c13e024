using System.Reflection;
using System.Runtime.Loader;

namespace RaRlhf.Actors.Pipeline.Rewards.Plugins;

/// <summary>
/// Loads a reward plug-in and its private dependencies (found through its <c>.deps.json</c>), but takes RaRlhf.*,
/// Serilog and every assembly the host already has from the host: a plug-in's own copy of RaRlhf.Actors.dll would
/// define a second <see cref="IRewardModel"/> that the host's cast would reject.
/// </summary>
internal sealed class RewardPluginLoadContext(string pluginPath)
    : AssemblyLoadContext($"reward-plugin:{Path.GetFileName(pluginPath)}")
{
    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName name)
    {
        if (IsShared(name))
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

    private static bool IsShared(AssemblyName name) =>
        name.Name is { } n && (n.StartsWith("RaRlhf.", StringComparison.Ordinal) || n == "Serilog" || n.StartsWith("Serilog.", StringComparison.Ordinal)
            || Default.Assemblies.Any(a => a.GetName().Name == n));
}
