using System.Globalization;

namespace RaRlhf.Cli.Demo;

/// <summary>
/// Issue 7's bar for RA-RLHF against RLHF over seeds, on validation prompts:
/// (1) tail reward higher, the means differing by more than one standard deviation (the larger of the two methods'
/// sample stds); (2) average reward not lower than RLHF's by more than 5 % of RLHF's gain over SFT;
/// (3) perplexity within 10 % of RLHF's.
/// </summary>
internal static class ScientificBar
{
    public static IReadOnlyList<BarCheck> Check(ExperimentSummary summary)
    {
        var checks = new List<BarCheck>();
        var ra = (Func<string, SeedStatistic?>)(key => summary.Of(DemoMethods.RaRlhf, key));
        var rl = (Func<string, SeedStatistic?>)(key => summary.Of(DemoMethods.Rlhf, key));
        if (ra("reward") is null || rl("reward") is null)
        {
            return [new BarCheck("RA-RLHF vs RLHF", null, "both methods must be evaluated")];
        }

        var (raTail, rlTail) = (ra("tail_reward")!, rl("tail_reward")!);
        var std = Math.Max(raTail.Std, rlTail.Std);
        var gap = raTail.Mean - rlTail.Mean;
        checks.Add(new BarCheck("tail reward: RA-RLHF > RLHF by more than one std",
            double.IsFinite(std) && double.IsFinite(gap) ? gap > std : null,
            F($"RA-RLHF {raTail.Mean:F3} − RLHF {rlTail.Mean:F3} = {gap:+0.000;−0.000}, std {std:F3}")));

        var sft = summary.Of(DemoMethods.Sft, "reward");
        var (raReward, rlReward) = (ra("reward")!.Mean, rl("reward")!.Mean);
        if (sft is null)
        {
            checks.Add(new BarCheck("average reward within 5 % of RLHF's gain over SFT", null, "SFT was not evaluated"));
        }
        else
        {
            var allowed = 0.05 * (rlReward - sft.Mean);
            checks.Add(new BarCheck("average reward within 5 % of RLHF's gain over SFT",
                double.IsFinite(allowed) ? rlReward - raReward <= allowed : null,
                F($"RA-RLHF {raReward:F3}, RLHF {rlReward:F3}, SFT {sft.Mean:F3}: allowed shortfall 0.05 × gain = {allowed:F3}, shortfall {rlReward - raReward:F3}")));
        }

        var (raPpl, rlPpl) = (ra("perplexity")!.Mean, rl("perplexity")!.Mean);
        var ratio = raPpl / rlPpl - 1;
        checks.Add(new BarCheck("perplexity within 10 % of RLHF's",
            double.IsFinite(ratio) ? Math.Abs(ratio) <= 0.10 : null,
            F($"RA-RLHF {raPpl:F2}, RLHF {rlPpl:F2}: {ratio * 100:+0.0;−0.0} %")));
        return checks;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
