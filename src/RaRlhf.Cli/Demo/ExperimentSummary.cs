using RaRlhf.Rl.Reporting;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// The metrics of every method over an experiment's seeds, read from each seed's metrics.json: per method and metric
/// a <see cref="SeedStatistic"/>. Methods keep the order of the first seed; a method missing from a seed is an error.
/// </summary>
internal sealed record ExperimentSummary(IReadOnlyList<int> Seeds, IReadOnlyList<NamedValue<IReadOnlyList<NamedValue<SeedStatistic>>>> Methods, string TailDefinition)
{
    public static ExperimentSummary Read(IReadOnlyList<(int Seed, string RunDirectory)> runs)
    {
        var documents = runs.Select(r => (r.Seed, Path: Path.Combine(r.RunDirectory, MetricsJsonWriter.FileName)))
            .Select(r => (r.Seed, r.Path, Document: MetricsJsonReader.Read(r.Path)))
            .ToArray();
        if (documents.Length == 0)
        {
            throw new ArgumentException("an experiment needs at least one seed");
        }

        var methods = new List<NamedValue<IReadOnlyList<NamedValue<SeedStatistic>>>>();
        foreach (var method in documents[0].Document.Methods.Select(m => m.Name))
        {
            var perSeed = documents.Select(d => d.Document.Methods.FirstOrDefault(m => m.Name == method)?.Value
                ?? throw new InvalidDataException($"{d.Path}: method '{method}' is missing (seed {d.Seed} did not evaluate it)")).ToArray();
            var keys = perSeed[0].Fields().Select(f => f.Key).ToArray();
            var stats = keys.Select((key, i) => new NamedValue<SeedStatistic>(key, new SeedStatistic(perSeed.Select(p => p.Fields()[i].Value).ToArray())));
            methods.Add(new(method, stats.ToArray()));
        }

        return new ExperimentSummary(runs.Select(r => r.Seed).ToArray(), methods, documents[0].Document.TailDefinition);
    }

    /// <summary>The statistic of one metric (a metrics.json key) of one method; null when the method is absent.</summary>
    public SeedStatistic? Of(string method, string key) =>
        Methods.FirstOrDefault(m => m.Name == method)?.Value.First(s => s.Name == key).Value;

    /// <summary>metrics.json of the experiment: the mean over seeds of every value.</summary>
    public MetricsJsonDocument MeanDocument(string title)
    {
        var rows = Methods.Select(m =>
        {
            var v = m.Value.Select(s => s.Value.Mean).ToArray();
            return new NamedValue<MethodMetrics>(m.Name, new MethodMetrics(v[0], v[1], v[2], v[3], v[4], v[5]));
        }).ToArray();
        return new MetricsJsonDocument(rows, $"{TailDefinition} (per seed; values are means over {Seeds.Count} seeds)", title);
    }
}
