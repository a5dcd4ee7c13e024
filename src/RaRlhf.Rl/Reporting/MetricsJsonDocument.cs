namespace RaRlhf.Rl.Reporting;

/// <summary>
/// The content of metrics.json: the metrics of each method in table order and the text that says which prompts
/// form the tail. Title and Synthetic are the extra top-level keys this project writes ("title", "synthetic").
/// </summary>
public sealed record MetricsJsonDocument(IReadOnlyList<NamedValue<MethodMetrics>> Methods, string TailDefinition, string Title = "RaRlhf run report", bool Synthetic = false)
{
    public static MetricsJsonDocument From(RunReport report) =>
        new(report.Methods.Select(m => new NamedValue<MethodMetrics>(m.Name, m.Metrics)).ToArray(), report.TailDefinition, report.Title, report.Synthetic);
}
