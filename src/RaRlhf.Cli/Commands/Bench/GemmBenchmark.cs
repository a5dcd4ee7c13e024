using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RaRlhf.Tensors.Kernels;

namespace RaRlhf.Cli.Commands.Bench;

/// <summary>
/// `rarlhf bench gemm`: our Gemm.Sgemm against OpenBLAS cblas_sgemm, same thread count, same run, on square
/// sizes and the GPT configs' layer shapes. Prints a markdown table (or JSON) with GFLOP/s and the ratio.
/// </summary>
internal static class GemmBenchmark
{
    public static Command Create()
    {
        var threads = new Option<int>("--threads") { Description = "Threads for both libraries.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var repeats = new Option<int>("--repeats") { Description = "Timed samples per shape (median reported).", DefaultValueFactory = _ => 5 };
        var filter = new Option<string?>("--shapes") { Description = "Only shapes whose name contains this text (e.g. 'square', 'gpt2')." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a markdown table." };
        var cpuClock = new Option<bool>("--cpu-clock")
        {
            Description = "Time with the thread's CPU clock instead of the wall clock (needs --threads 1): robust when other jobs share the cores.",
        };
        var command = new Command("gemm", "GEMM GFLOP/s: ours vs OpenBLAS cblas_sgemm (same threads, measured in the same run).");
        command.Options.Add(threads);
        command.Options.Add(repeats);
        command.Options.Add(filter);
        command.Options.Add(json);
        command.Options.Add(cpuClock);
        command.SetAction(parse => Run(
            parse.GetValue(threads), parse.GetValue(repeats), parse.GetValue(filter), parse.GetValue(json), parse.GetValue(cpuClock)));
        return command;
    }

    private static int Run(int threads, int repeats, string? filter, bool json, bool cpuClock)
    {
        if (threads < 1 || repeats < 1)
        {
            Console.Error.WriteLine("bench gemm: --threads and --repeats must be >= 1.");
            return 2;
        }

        if (cpuClock && (threads != 1 || !ThreadCpuClock.IsSupported))
        {
            Console.Error.WriteLine("bench gemm: --cpu-clock measures one thread on Linux; use it with --threads 1.");
            return 2;
        }

        var shapes = GemmBenchShape.All().Where(s => filter is null || s.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (shapes.Count == 0)
        {
            Console.Error.WriteLine($"bench gemm: no shape name contains '{filter}'.");
            return 2;
        }

        var blas = OpenBlas.TryLoad();
        if (blas is null) Console.Error.WriteLine($"bench gemm: {OpenBlas.InstallHint} Showing our numbers only.");
        blas?.SetThreads(threads);
        Gemm.Threads = threads;

        if (!json)
        {
            Console.WriteLine("| shape | m×n×k op | threads | ours GFLOP/s | OpenBLAS GFLOP/s | ours/OpenBLAS | max rel diff |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        }

        var results = new List<GemmBenchResult>();
        foreach (var shape in shapes)
        {
            var r = GemmBenchRunner.Measure(shape, threads, blas, repeats, cpuClock);
            results.Add(r);
            if (!json) Console.WriteLine(Row(r));
        }

        if (json) WriteJson(results);
        return 0;
    }

    private static string Row(GemmBenchResult r) => string.Create(CultureInfo.InvariantCulture,
        $"| {r.Shape.Name} | {r.Shape.Label} | {r.Threads} | {r.OursGflops:F1} | {Maybe(r.OpenBlasGflops, "F1")} | {Maybe(r.Ratio, "F2")} | {Maybe(r.MaxRelDiff, "0.0E+0")} |");

    private static string Maybe(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "n/a";

    private static void WriteJson(List<GemmBenchResult> results)
    {
        using var stdout = Console.OpenStandardOutput();
        using var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true });
        writer.WriteStartArray();
        foreach (var r in results)
        {
            writer.WriteStartObject();
            writer.WriteString("name", r.Shape.Name);
            writer.WriteNumber("m", r.Shape.M);
            writer.WriteNumber("n", r.Shape.N);
            writer.WriteNumber("k", r.Shape.K);
            writer.WriteNumber("batch", r.Shape.Batch);
            writer.WriteBoolean("transA", r.Shape.TransA);
            writer.WriteBoolean("transB", r.Shape.TransB);
            writer.WriteNumber("threads", r.Threads);
            writer.WriteNumber("oursGflops", Math.Round(r.OursGflops, 2));
            WriteMaybe(writer, "openblasGflops", r.OpenBlasGflops);
            WriteMaybe(writer, "ratio", r.Ratio);
            WriteMaybe(writer, "maxRelDiff", r.MaxRelDiff);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.Flush();
        Console.Out.Flush();
    }

    private static void WriteMaybe(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v) writer.WriteNumber(name, Math.Round(v, 4));
        else writer.WriteNull(name);
    }
}
