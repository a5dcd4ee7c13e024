using System.Globalization;

namespace RaRlhf.Cli.Prepare;

/// <summary>
/// The numeric options of one training stage (pretrain / sft / reward-model train), rendered as that command's flags
/// exactly as a person would type them (learning rates in e-notation, e.g. <c>--lr 6e-4</c>).
/// </summary>
internal sealed record StageHyperparameters(int Seq, int Batch, int Steps, double Lr, int Warmup, int ValEvery, int? ValDocs = null)
{
    public IEnumerable<string> Args()
    {
        string[] args =
        [
            "--seq", Text(Seq), "--batch", Text(Batch), "--steps", Text(Steps), "--lr", Lr.ToString("0.###e-0", CultureInfo.InvariantCulture),
            "--warmup", Text(Warmup), "--val-every", Text(ValEvery),
        ];
        return ValDocs is { } v ? [.. args, "--val-docs", Text(v)] : args;
    }

    /// <summary>What the command uses for --val-docs when the recipe leaves it out (TrainingOptions' default).</summary>
    public int ValidationDocuments => ValDocs ?? 200;

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
