using System.Globalization;

namespace RaRlhf.Actors.Pipeline.Evaluation;

/// <summary>Progress of one phase ("generate" prompts or "perplexity" texts): done of total, rate and ETA.</summary>
public sealed record EvaluationProgress(string Phase, int Done, int Total, TimeSpan Elapsed)
{
    public double PerSecond => Done / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public TimeSpan Eta => Done == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Elapsed.TotalSeconds / Done * (Total - Done));

    /// <summary>A plain line, e.g. "generate 64/500 prompts, 5.3 prompts/s, eta 00:01:22".</summary>
    public string Format()
    {
        var unit = Phase == "perplexity" ? "texts" : "prompts";
        return string.Create(CultureInfo.InvariantCulture,
            $"{Phase} {Done}/{Total} {unit}, {PerSecond:F1} {unit}/s, elapsed {Elapsed:hh\\:mm\\:ss}, eta {Eta:hh\\:mm\\:ss}");
    }
}
