namespace RaRlhf.Cli.Demo;

/// <summary>The five methods the demo compares, in table order (metrics.json, report.html, results.md).</summary>
internal static class DemoMethods
{
    public const string Base = "base";
    public const string PromptedBase = "prompted base";
    public const string Sft = "SFT";
    public const string Rlhf = "RLHF";
    public const string RaRlhf = "RA-RLHF";

    public static readonly IReadOnlyList<string> All = [Base, PromptedBase, Sft, Rlhf, RaRlhf];
}
