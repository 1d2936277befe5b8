using System.Globalization;
using System.Text;
using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Chaos;

/// <summary>Renders a <see cref="ChaosReport"/> as the Markdown section kept in docs/chaos.md.</summary>
public static class ChaosMarkdown
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(ChaosOptions options, ChaosReport report)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        void Line(string text = "") => md.Append(text).Append('\n');
        string F(FormattableString s) => s.ToString(Invariant);

        Line(F($"### Run of {report.StartedAt:yyyy-MM-dd HH:mm} UTC: {options.Viewers} viewers, {report.Kills.Count} kills every {options.KillInterval.TotalSeconds:0} s"));
        Line();
        Line(F($"Tree: {options.Cluster.OriginSites.Count} origins (max {options.Cluster.OriginMaxChildren} children), {options.Cluster.RelaySites.Count} relays (max {options.Cluster.RelayMaxChildren}), sites {string.Join(", ", options.Cluster.Sites)}, emulated RTT {options.Cluster.SameSiteRttMs} ms inside a site and {options.Cluster.CrossSiteRttMs} ms across; tracker heartbeat {options.Cluster.HeartbeatIntervalSeconds} s, timeout {options.Cluster.HeartbeatTimeoutSeconds} s; source `{string.Join(' ', options.Cluster.OriginSourceArguments)}`."));
        Line();
        Line("| figure | value |");
        Line("| --- | --- |");
        Line(F($"| viewers connected | {report.ViewersConnected} of {report.ViewersRequested} |"));
        Line(F($"| **viewers lost** (not playing at the end) | **{report.ViewersLost}** |"));
        Line(F($"| reattaches | {report.Tree.Reattaches} by {report.Tree.ViewersReattached} viewers |"));
        Line(F($"| loss after repair | {report.Load.Lost} of {report.Load.Expected} packets ({report.Load.LossFraction * 100:0.000} %) |"));
        Line();
        Line("| ms | count | p50 | p95 | p99 | max |");
        Line("| --- | --- | --- | --- | --- | --- |");
        Row(md, "reattach time (last packet of the old parent → connected to the new)", report.Tree.ReattachTime);
        Row(md, "media gaps ≥ 100 ms, all viewers", report.Tree.GapEvents);
        Row(md, "worst gap per viewer", report.WorstGapPerViewer);
        Row(md, "p95 gap per viewer", report.GapP95PerViewer);
        Row(md, "video latency (glass to glass)", report.Load.VideoLatency);
        Line();
        Line("| kill | at s | relay | site | children | restarted as |");
        Line("| --- | --- | --- | --- | --- | --- |");
        for (int i = 0; i < report.Kills.Count; i++)
        {
            var k = report.Kills[i];
            Line(F($"| {i + 1} | {k.AtSeconds:0.0} | {k.Killed} | {k.Site} | {k.Children} | {k.Replacement ?? "-"} ({k.ReplacementSite ?? "-"}) |"));
        }

        if (report.Flood is { } flood)
        {
            Line();
            Line(F($"Flood: {flood.GarbageSent} garbage datagrams ({flood.GarbageRatePerSecond:0}/s) at {flood.Relay} ({flood.Children} children) for {flood.WindowSeconds:0.#} s."));
            Line();
            Line("| window | datagrams forwarded per second |");
            Line("| --- | --- |");
            Line(F($"| before | {flood.BeforePerSecond:0} |"));
            Line(F($"| during the flood | {flood.DuringPerSecond:0} |"));
            Line(F($"| after | {flood.AfterPerSecond:0} |"));
            Line(flood.BeforePerSecond + flood.AfterPerSecond > 0
                ? F($"| **throughput drop** | **{flood.ThroughputDropPercent:0.0} %** |")
                : "| **throughput drop** | no figure: the relay forwarded nothing (no children left) |");
            Line(F($"| garbage counted as dropped in /metrics | {flood.DroppedCounted} of {flood.GarbageSent} |"));
        }

        if (report.LostViewers.Count > 0)
        {
            Line();
            Line("Lost viewers:");
            Line();
            foreach (var v in report.LostViewers.Take(20))
            {
                Line("- " + v);
            }
        }

        Line();
        Line("Tree at the end:");
        Line();
        Line("```");
        Line(report.TreeAfter);
        Line("```");
        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, DistributionSummary d) =>
        md.Append(string.Format(Invariant, "| {0} | {1} | {2:0} | {3:0} | {4:0} | {5:0} |\n", name, d.Count, d.P50Ms, d.P95Ms, d.P99Ms, d.MaxMs));
}
