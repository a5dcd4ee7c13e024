using RaRlhf.Tensors.IO;
using System.Text.Json;
using RaRlhf.Actors.Persistence;

namespace RaRlhf.Actors.Pipeline;

/// <summary>
/// What fixes a run's trajectory, stored as <c>RUN/run.json</c> on the first start. A resume with different values
/// would silently diverge from the journaled iterations (e.g. another M changes the risk schedule), so it is refused.
/// </summary>
public sealed record RunManifest(
    ulong Seed,
    int Iterations,
    int BatchSize,
    int MiniBatchSize,
    int PpoEpochs,
    double LearningRate,
    string Risk,
    int MaxNewTokens,
    int PromptCount,
    string Reward,
    int PolicyParameters,
    string Sources = "")
{
    public const string FileName = "run.json";

    public static RunManifest Of(PipelineOptions o, int policyParameters) => new(
        o.Seed, o.Iterations, o.Ppo.BatchSize, o.Ppo.MiniBatchSize, o.Ppo.PpoEpochs, o.Ppo.LearningRate,
        $"{o.Risk.Kind} alpha={o.Risk.Alpha} warmup={o.Risk.Warmup} rho={o.Risk.Rho}", o.Sampling.MaxNewTokens,
        o.Prompts.Count, o.Reward.Name, policyParameters, o.Sources);

    /// <summary>Writes the manifest of a new run, or checks it against the stored one; throws naming each difference.</summary>
    public static void WriteOrVerify(string runDirectory, RunManifest current)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            AtomicFile.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(current, Indented)).GetAwaiter().GetResult();
            return;
        }

        RunManifest stored;
        try
        {
            stored = JsonSerializer.Deserialize<RunManifest>(File.ReadAllBytes(path)) ?? throw new JsonException("null manifest");
            stored = stored with { Sources = stored.Sources ?? "" }; // manifests written before Sources existed
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a run manifest ({e.Message}); restore it or start a new --run directory", e);
        }

        var differences = typeof(RunManifest).GetProperties()
            .Where(p => !Equals(p.GetValue(stored), p.GetValue(current)))
            .Select(p => $"{p.Name}: run has {p.GetValue(stored)}, now {p.GetValue(current)}")
            .ToList();
        if (differences.Count > 0)
        {
            throw new InvalidDataException(
                $"run directory {runDirectory} was started with other settings ({string.Join("; ", differences)}); " +
                "resume with the original settings or start a new --run directory");
        }
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
