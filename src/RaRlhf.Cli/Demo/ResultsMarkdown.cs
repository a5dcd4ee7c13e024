using System.Globalization;
using System.Text;

namespace RaRlhf.Cli.Demo;

/// <summary>results.md of an experiment: mean ± std per method over seeds (the metrics.json columns) and the bar's checks.</summary>
internal static class ResultsMarkdown
{
    private static readonly (string Key, string Header, string Format)[] Columns =
    [
        ("reward", "reward", "F3"), ("tail_reward", "tail reward", "F3"), ("perplexity", "perplexity", "F2"),
        ("dist1", "Dist-1", "F3"), ("dist2", "Dist-2", "F3"), ("dist3", "Dist-3", "F3"),
    ];

    public static string Render(string title, ExperimentSummary summary, IReadOnlyList<BarCheck> bar)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# {title}\n\nSeeds {string.Join(", ", summary.Seeds)}: mean ± sample std (n − 1) over seeds; ");
        md.Append($"tail: {summary.TailDefinition}.\n\n");
        md.Append("| method | ").Append(string.Join(" | ", Columns.Select(c => c.Header))).Append(" |\n");
        md.Append("|---|").Append(string.Concat(Columns.Select(_ => "---|"))).Append('\n');
        foreach (var method in summary.Methods)
        {
            md.Append($"| {method.Name} |");
            foreach (var (key, _, format) in Columns)
            {
                var s = summary.Of(method.Name, key)!;
                md.Append(' ').Append(Number(s.Mean, format));
                if (double.IsFinite(s.Std))
                {
                    md.Append(" ± ").Append(Number(s.Std, format));
                }

                md.Append(" |");
            }

            md.Append('\n');
        }

        md.Append("\n## Scientific bar (issue 7)\n\n");
        foreach (var check in bar)
        {
            var verdict = check.Holds switch { true => "holds", false => "does NOT hold", null => "undecided" };
            md.Append($"- {check.Criterion}: **{verdict}** ({check.Detail})\n");
        }

        return md.ToString();
    }

    private static string Number(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
