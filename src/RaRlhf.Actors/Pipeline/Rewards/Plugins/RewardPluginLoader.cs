using System.Collections.Concurrent;
using System.Reflection;
using RaRlhf.Actors.Configuration.Settings;

namespace RaRlhf.Actors.Pipeline.Rewards.Plugins;

/// <summary>
/// <c>type = plugin</c>: <c>assembly</c> (a .dll path) and <c>class</c> (a full type name) that implements
/// <see cref="IRewardModel"/> with a public constructor <c>(RewardPluginContext)</c>. Each assembly is loaded once per
/// process into its own <see cref="RewardPluginLoadContext"/>; every failure is reported against the key it concerns.
/// </summary>
internal static class RewardPluginLoader
{
    private static readonly ConcurrentDictionary<string, Lazy<Assembly>> Loaded = new(StringComparer.Ordinal);

    public static IRewardModel? Load(RewardScorerSection scorer, SettingsReader r, RewardContext context)
    {
        var path = RewardRegistry.ResolvePath(r, "assembly", context);
        var className = r.String("class", c => c.Length > 0, "must not be empty; give the full type name, e.g. \"MyCompany.Rewards.MyReward\"");
        if (r.Errors.Count > 0)
        {
            return null;
        }

        if (!File.Exists(path))
        {
            return RewardRegistry.Reject(r, "assembly", path, "no such file; build the plug-in (`dotnet build -c Release`) and point this key at its .dll");
        }

        Type? type;
        try
        {
            var assembly = Loaded.GetOrAdd(path, p => new Lazy<Assembly>(() => new RewardPluginLoadContext(p).LoadFromAssemblyPath(p))).Value;
            type = assembly.GetType(className, throwOnError: false);
            if (type is null)
            {
                var candidates = assembly.GetExportedTypes().Where(typeof(IRewardModel).IsAssignableFrom).Select(t => t.FullName);
                return RewardRegistry.Reject(r, "class", className,
                    $"no public type of that name in {path}; reward types there: {string.Join(", ", candidates.DefaultIfEmpty("(none)"))}");
            }
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or FileNotFoundException or ReflectionTypeLoadException)
        {
            Loaded.TryRemove(path, out _);
            return RewardRegistry.Fail(r, "assembly", path, e, "point this key at a .NET assembly built for this runtime, with its dependencies beside it");
        }

        if (!typeof(IRewardModel).IsAssignableFrom(type) || type.IsAbstract)
        {
            return RewardRegistry.Reject(r, "class", className,
                $"{type.FullName} in {path} is not a concrete class implementing {typeof(IRewardModel).FullName}; implement that interface");
        }

        var constructor = type.GetConstructor([typeof(RewardPluginContext)]);
        if (constructor is null)
        {
            return RewardRegistry.Reject(r, "class", className,
                $"{type.FullName} needs a public constructor ({nameof(RewardPluginContext)} context) to receive its settings");
        }

        try
        {
            return (IRewardModel)constructor.Invoke([new RewardPluginContext(scorer.Name, scorer.Settings, context)]);
        }
        catch (TargetInvocationException e) when (e.InnerException is ConfigValidationException invalid)
        {
            throw new ConfigValidationException([.. r.Errors, .. invalid.Errors]);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            return RewardRegistry.Reject(r, "class", className,
                $"the constructor of {type.FullName} threw {inner.GetType().Name}: {inner.Message}; fix the scorer's settings or the plug-in");
        }
    }
}
