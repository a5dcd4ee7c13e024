using RaRlhf.Actors.Cluster;
using RaRlhf.Actors.Configuration.Settings;
using RaRlhf.Actors.Pipeline;
using RaRlhf.Cli.Jobs;
using RaRlhf.Cli.Training;
using RaRlhf.Text;
using Serilog;

namespace RaRlhf.Cli.Commands;

/// <summary>
/// What a cluster node trains (<c>cluster.workload</c>): <c>tiny</c> = the asset-free run of `train --tiny`;
/// <c>task</c> = the run `train` builds from the same config (<see cref="TrainSetup.Real(RunSettings, string, ILogger, bool)"/>:
/// tokenizer, policy + value head, reference, the task's prompts, the reward from reward.use), so a cluster and a
/// local run with the same settings train the same thing. Only a node that samples prompts (the coordinator, or the
/// benchmark host) loads the prompt set; the other roles skip it, which then needs run.iterations &gt; 0.
/// </summary>
internal sealed record NodeWorkload(PipelineOptions Options, ByteLevelBpeTokenizer? Tokenizer, string Summary)
{
    /// <exception cref="TrainingInputException">and the other bad-input exceptions of <see cref="TrainSetup.Real(RunSettings, string, ILogger, bool)"/>.</exception>
    public static NodeWorkload Build(RunSettings settings, ClusterSettings cluster, bool needsPrompts, ILogger logger)
    {
        if (cluster.Workload == ClusterSettings.TinyWorkload)
        {
            return new NodeWorkload(ClusterWorkload.Tiny(settings), null, "tiny workload");
        }

        var setup = TrainSetup.Real(settings, settings.Run.Dir, logger, needsPrompts);
        return new NodeWorkload(setup.Options, setup.Tokenizer, setup.Summary);
    }

    /// <summary>Whether an exception from <see cref="Build"/> is bad input (exit 2) rather than a failure.</summary>
    public static bool IsBadInput(Exception e) =>
        e is TrainingInputException or ArgumentException or IOException or InvalidDataException or UnauthorizedAccessException
            or Text.Datasets.DatasetNotFoundException or Text.Datasets.DatasetFormatException
            or Tensors.Safetensors.SafetensorsFormatException or TokenizerFormatException or FormatException
            or Actors.Configuration.Settings.ConfigValidationException or Actors.Configuration.ConfigException;
}
