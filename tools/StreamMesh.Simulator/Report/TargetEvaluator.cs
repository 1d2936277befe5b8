using System.Globalization;
using StreamMesh.Simulator.Metrics;

namespace StreamMesh.Simulator.Report;

/// <summary>The targets, evaluated against a report.</summary>
public static class TargetEvaluator
{
    /// <summary>Joins the 100,000-peer target is stated for.</summary>
    public const int TargetJoins = 100_000;

    /// <summary>Evaluates every target that the run measured.</summary>
    public static IReadOnlyList<TargetResult> Evaluate(TreeMetrics ranked, TimingReport timing, IReadOnlyList<FailureReport> failures)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(timing);
        ArgumentNullException.ThrowIfNull(failures);
        var targets = new List<TargetResult>
        {
            new("mean RDP", "<= 1.3", F(ranked.Rdp.Mean), ranked.Rdp.Mean <= 1.3),
            new("p90 RDP", "<= 2.0", F(ranked.Rdp.P90), ranked.Rdp.P90 <= 2.0),
            new("origin offload", ">= 99.9 %", P(ranked.Offload), ranked.Offload >= 0.999),
            new("max depth", "<= 8", ranked.MaxDepth.ToString(CultureInfo.InvariantCulture), ranked.MaxDepth <= 8),
            new("forbidden cross-site links", "= 0", ranked.ForbiddenLinks.ToString(CultureInfo.InvariantCulture), ranked.ForbiddenLinks == 0),
        };

        if (failures.FirstOrDefault(f => Math.Abs(f.Fraction - 0.25) < 1e-9) is { } quarter)
        {
            targets.Add(new("99 % of orphans reattached after 25 % failure", "<= 2000 ms", $"{F(quarter.Reattach99PercentMs, 0)} ms", quarter.Reattach99PercentMs <= 2_000));
        }

        double projected = timing.JoinsPerSecond > 0 ? TargetJoins / timing.JoinsPerSecond : double.PositiveInfinity;
        string scope = timing.Joins >= TargetJoins ? string.Empty : $" (projected from {timing.Joins} joins)";
        string clock = timing.LibraryJoinCpuSeconds is null ? "wall" : "CPU";
        targets.Add(new($"100,000 joins, {clock} time" + (timing.SingleCore ? " on one core" : string.Empty), "< 10 s", $"{F(projected, 2)} s{scope}", projected < 10));
        return targets;
    }

    private static string F(double value, int digits = 3) => double.IsFinite(value) ? value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "never";

    private static string P(double value) => (value * 100).ToString("F3", CultureInfo.InvariantCulture) + " %";
}
