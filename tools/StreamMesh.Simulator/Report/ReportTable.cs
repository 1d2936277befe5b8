using System.Globalization;
using StreamMesh.Simulator.Metrics;

namespace StreamMesh.Simulator.Report;

/// <summary>Prints a report as aligned plain-text tables.</summary>
public static class ReportTable
{
    /// <summary>Writes the whole report.</summary>
    public static void Write(SimulationReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        PopulationReport pop = report.Population;
        output.WriteLine();
        output.WriteLine(I($"StreamMesh simulator — {report.Underlay} underlay, {report.Peers:N0} peers (seed {report.Seed}{(report.OriginCountry is null ? string.Empty : $", origin in {report.OriginCountry}")})"));
        output.WriteLine(I($"population: {pop.Origins} origin, {pop.Relays:N0} relays, {pop.RelayCapableViewers:N0} relay-capable viewers, {pop.Viewers:N0} viewers"));
        output.WriteLine();

        TreeMetrics?[] trees = [report.Ranked, report.RandomBaseline, report.OracleBaseline];
        string[] names = ["ranked (library)", "random parent", "oracle nearest"];
        output.WriteLine(Row("tree metric", names.Where((_, i) => trees[i] is not null)));
        output.WriteLine(new string('-', 30 + (20 * trees.Count(t => t is not null))));
        Line(output, "RDP mean", trees, t => F(t.Rdp.Mean));
        Line(output, "RDP p50", trees, t => F(t.Rdp.P50));
        Line(output, "RDP p90", trees, t => F(t.Rdp.P90));
        Line(output, "RDP max", trees, t => F(t.Rdp.Max));
        Line(output, "path latency mean (ms)", trees, t => F(t.PathLatencyMs.Mean, 1));
        Line(output, "max depth", trees, t => t.MaxDepth.ToString(CultureInfo.InvariantCulture));
        Line(output, "fan-out mean / p90 / max", trees, t => I($"{t.FanOut.Mean:F1} / {t.FanOut.P90:F0} / {t.FanOut.Max:F0}"));
        Line(output, "origin egress share", trees, t => P(t.OriginEgressShare));
        Line(output, "offload", trees, t => P(t.Offload));
        Line(output, "same-site links", trees, t => P(t.SameSiteRate));
        Line(output, "forbidden cross-site links", trees, t => t.ForbiddenLinks.ToString(CultureInfo.InvariantCulture));
        Line(output, "detached / refused", trees, t => I($"{t.Detached} / {t.Refused}"));
        output.WriteLine();
        output.WriteLine("depth histogram (ranked): " + string.Join("  ", report.Ranked.DepthHistogram.Select((n, d) => I($"d{d}:{n}")).Skip(1)));
        output.WriteLine();

        VivaldiAccuracy v = report.Vivaldi;
        NearestParentReport n = report.NearestParent;
        output.WriteLine(I($"Vivaldi median relative error {P(v.MedianRelativeError)} (p90 {P(v.P90RelativeError)}, tree links {P(v.EdgeMedianRelativeError)}) over {v.Pairs:N0} random pairs"));
        output.WriteLine(I($"chosen parent = true nearest with capacity: {P(n.ExactRate)}; within 10 %: {P(n.Within10PercentRate)}; mean RTT ratio {n.MeanRttRatio:F2} ({n.Samples:N0} audited joins)"));
        output.WriteLine(I($"join to media (simulated): p50 {report.JoinToMediaMs.P50:F0} ms, p90 {report.JoinToMediaMs.P90:F0} ms"));
        TimingReport tm = report.Timing;
        string cpu = tm.LibraryJoinCpuSeconds is { } cpuSeconds ? I($"{cpuSeconds:F2} s CPU / ") : string.Empty;
        output.WriteLine(I($"library join time: {tm.Joins:N0} joins in {cpu}{tm.LibraryJoinSeconds:F2} s wall = {tm.JoinsPerSecond:N0} joins/s{(tm.SingleCore ? " (one core)" : string.Empty)}; join phase {tm.JoinPhaseSeconds:F1} s wall; run {tm.TotalSeconds:F1} s wall"));
        output.WriteLine();

        if (report.Churn is { } c)
        {
            output.WriteLine(I($"churn over {c.Seconds:N0} s (log-normal sessions, median {c.SessionMedianSeconds:N0} s, σ {c.SessionSigma}): {c.Joins:N0} joins, {c.GracefulLeaves:N0} leaves + {c.AbruptLeaves:N0} abrupt departures"));
            output.WriteLine(I($"  {c.Orphans:N0} orphans ({c.AffectedPeers:N0} peers affected): stall p50 {F(c.OrphanStallMs.P50, 0)} ms, p99 {F(c.OrphanStallMs.P99, 0)} ms, max {F(c.OrphanStallMs.Max, 0)} ms; {c.StalledOver2s:N0} peers stalled > 2 s"));
            output.WriteLine(I($"  after churn: RDP mean {c.TreeAfter.Rdp.Mean:F3}, p90 {c.TreeAfter.Rdp.P90:F3}, max depth {c.TreeAfter.MaxDepth}, forbidden links {c.TreeAfter.ForbiddenLinks}, detached {c.TreeAfter.Detached}"));
            output.WriteLine();
        }

        foreach (FailureReport f in report.Failures)
        {
            output.WriteLine(I($"failure of {P(f.Fraction)} of distributing peers ({f.FailedPeers:N0}): {f.Orphans:N0} orphans, {f.AffectedPeers:N0} peers affected"));
            output.WriteLine(I($"  reattached p50 {F(f.OrphanReattachMs.P50, 0)} ms, p90 {F(f.OrphanReattachMs.P90, 0)} ms, 99 % within {F(f.Reattach99PercentMs, 0)} ms, max {F(f.OrphanReattachMs.Max, 0)} ms; never {f.NotReattached}"));
            output.WriteLine(I($"  stalled > 2 s: {f.StalledOver2s:N0} peers ({P(f.StalledOver2sShare)}); {f.ReportsPerOrphan:F2} tracker requests per orphan; after: RDP mean {f.TreeAfter.Rdp.Mean:F3}, max depth {f.TreeAfter.MaxDepth}"));
        }

        output.WriteLine();
        output.WriteLine(I($"{"target",-52}{"bound",-14}{"measured",-34}met"));
        output.WriteLine(new string('-', 103));
        foreach (TargetResult t in report.Targets)
        {
            output.WriteLine(I($"{t.Name,-52}{t.Target,-14}{t.Measured,-34}{(t.Met ? "yes" : "NO")}"));
        }
    }

    private static void Line(TextWriter output, string label, TreeMetrics?[] trees, Func<TreeMetrics, string> value) =>
        output.WriteLine(Row(label, trees.Where(t => t is not null).Select(t => value(t!))));

    private static string Row(string label, IEnumerable<string> cells) => I($"{label,-30}") + string.Concat(cells.Select(c => I($"{c,-20}")));

    private static string F(double value, int digits = 3) =>
        double.IsFinite(value) ? value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : "never";

    private static string P(double value) => (value * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";

    private static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
