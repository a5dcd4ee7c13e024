using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RaRlhf.Rl.Risk;

namespace RaRlhf.Cli.Commands;

/// <summary>`rarlhf risk schedule`: prints B0(m), the CVaR batch size of each iteration m = 0…M−1.</summary>
internal sealed class RiskCommand : ICliCommand
{
    public Command Create()
    {
        var batch = new Option<int>("--batch") { Description = "Batch size B (episodes per iteration).", Required = true };
        var iterations = new Option<int>("--iterations") { Description = "Number of iterations M.", Required = true };
        var alpha = new Option<string>("--alpha") { Description = "Final CVaR level α in (0, 1] (decimal, exact).", Required = true };
        var warmup = new Option<int>("--warmup") { Description = "Warm start n: B0 = B for m ≤ n (soft only).", DefaultValueFactory = _ => 0 };
        var rho = new Option<string>("--rho") { Description = "ρ: α is reached at iteration ⌈ρM⌉ (decimal).", DefaultValueFactory = _ => "1" };
        var kind = new Option<string>("--kind") { Description = "soft (paper), linear (older, no warm start) or constant.", DefaultValueFactory = _ => "soft" };
        var json = new Option<bool>("--json") { Description = "Print one JSON array of B0 instead of a table." };

        var schedule = new Command("schedule", "Print B0 for m = 0…M−1 of a risk schedule.");
        foreach (var option in new Option[] { batch, iterations, alpha, warmup, rho, kind, json })
        {
            schedule.Options.Add(option);
        }

        schedule.SetAction(parse =>
        {
            try
            {
                var s = new RiskSchedule(
                    parse.GetValue(batch),
                    parse.GetValue(iterations),
                    ParseDecimal("--alpha", parse.GetValue(alpha)!),
                    parse.GetValue(warmup),
                    ParseDecimal("--rho", parse.GetValue(rho)!),
                    ParseKind(parse.GetValue(kind)!)).Validate();
                var counts = s.KeepCounts();
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(counts));
                }
                else
                {
                    for (var m = 0; m < counts.Length; m++)
                    {
                        Console.WriteLine(FormattableString.Invariant($"{m,6} {counts[m],6}"));
                    }
                }

                return 0;
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"risk schedule: {e.Message}");
                return 2;
            }
        });

        var command = new Command("risk", "Risk (CVaR) schedule tools.");
        command.Subcommands.Add(schedule);
        return command;
    }

    private static decimal ParseDecimal(string name, string text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"{name} '{text}' is not a decimal number (e.g. 0.4)");

    private static RiskScheduleKind ParseKind(string text) => text.ToLowerInvariant() switch
    {
        "soft" => RiskScheduleKind.Soft,
        "linear" => RiskScheduleKind.Linear,
        "constant" => RiskScheduleKind.Constant,
        _ => throw new ArgumentException($"--kind '{text}' is unknown: use soft, linear or constant"),
    };
}
