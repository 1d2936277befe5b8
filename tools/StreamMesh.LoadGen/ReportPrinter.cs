using System.Globalization;
using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.LoadGen;

/// <summary>The live progress line and the final table.</summary>
internal static class ReportPrinter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string FormatProgress(LoadProgress p, int requested) => string.Format(
        Invariant,
        "[{0,6:0.0}s] viewers {1}/{2} connected, {3} failed | {4,8:0} pkt/s {5,7:0.0} Mbit/s | video latency p50 {6:0.0} ms p95 {7:0.0} ms | lost {8} | worst gap {9:0} ms",
        p.Elapsed.TotalSeconds,
        p.Connected,
        requested,
        p.Failed,
        p.PacketsPerSecond,
        p.MegabitsPerSecond,
        p.VideoLatencyP50Ms,
        p.VideoLatencyP95Ms,
        p.Lost,
        p.LongestVideoGapMs);

    public static void PrintSummary(TextWriter output, LoadReport report, IReadOnlyList<ProcessUsage> processes)
    {
        var s = report.Summary;
        output.WriteLine();
        output.WriteLine(string.Format(Invariant, "StreamMesh LoadGen: {0} viewers at {1}/s against {2}, hold {3:0.0} s", report.Viewers, report.RampPerSecond, report.Target, s.HoldSeconds));
        output.WriteLine(string.Format(Invariant, "  viewers        connected {0}, failed {1}, with video+audio {2}", s.ViewersConnected, s.ViewersFailed, s.ViewersWithVideoAndAudio));
        foreach (var (reason, count) in s.FailureReasons)
        {
            output.WriteLine(string.Format(Invariant, "    {0} x {1}", count, reason));
        }

        output.WriteLine(string.Format(Invariant, "  traffic        {0:0} pkt/s, {1:0.0} Mbit/s during hold; {2} packets total", s.PacketsPerSecond, s.MegabitsPerSecond, s.Packets));
        output.WriteLine("  receive        " + FormatReceiveMode(report));
        output.WriteLine(string.Format(Invariant, "  loss           {0} of {1} ({2:0.000} %), NACKs {3}, RTX repairs {4}, PLIs {5}", s.Lost, s.Expected, s.LossFraction * 100, s.NacksSent, s.RetransmissionsReceived, s.PictureLossIndicationsSent));
        if (s.ReceiveBufferDrops > 0)
        {
            output.WriteLine(string.Format(Invariant, "  client drops   {0} datagrams dropped by the kernel at LoadGen's own sockets (LoadGen too slow to drain: loss caused by the client)", s.ReceiveBufferDrops));
        }

        if (s.RtpUnverified > 0 || s.SrtpDropped > 0)
        {
            output.WriteLine(string.Format(Invariant, "  SRTP           {0} packets failed verification; {1} RTP packets accounted from their clear header without verification (--verify-every)", s.SrtpDropped, s.RtpUnverified));
        }

        output.WriteLine();
        output.WriteLine("  ms                      count      p50      p95      p99      max");
        Row(output, "connect time", s.ConnectTime);
        Row(output, "video latency (g2g)", s.VideoLatency);
        Row(output, "audio latency (g2g)", s.AudioLatency);
        Row(output, "longest video gap", s.LongestVideoGap);
        if (processes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("  process         pid     CPU % (1 core)   RSS start MB   RSS end MB   KB/viewer");
            foreach (var p in processes)
            {
                output.WriteLine(string.Format(Invariant, "  {0,-12} {1,6} {2,14:0.0} {3,14:0.0} {4,12:0.0} {5,11:0.0}", p.Role, p.Pid, p.CpuPercentOfOneCore, p.RssBaselineBytes / 1048576.0, p.RssAtEndBytes / 1048576.0, p.RssPerViewerBytes / 1024));
            }
        }
    }

    /// <summary>Relay-tree mode: spread over parents, reattaches and failover silences.</summary>
    public static void PrintTree(TextWriter output, TreeLoadSummary tree)
    {
        output.WriteLine();
        output.WriteLine("  viewers per parent: " + string.Join(", ", tree.ViewersPerParent.Select(p => $"{p.Key} {p.Value}")));
        output.WriteLine(string.Format(Invariant, "  reattaches     {0} by {1} viewers", tree.Reattaches, tree.ViewersReattached));
        output.WriteLine("  ms                      count      p50      p95      p99      max");
        Row(output, "reattach time", tree.ReattachTime);
        Row(output, "gaps >= 100 ms", tree.GapEvents);
        Row(output, "longest gap/viewer", tree.LongestGapPerViewer);
    }

    public static string FormatReceiveMode(LoadReport report) => report.ReceivePoller is { } poller
        ? string.Format(
            Invariant,
            "shared epoll poller: {0} datagrams in {1} recvmmsg calls after {2} wake-ups, {3} GRO-coalesced buffers",
            poller.Datagrams,
            poller.ReceiveCalls,
            poller.WakeUps,
            poller.CoalescedBuffers)
        : "one asynchronous receive loop per viewer socket";

    private static void Row(TextWriter output, string name, DistributionSummary d) =>
        output.WriteLine(string.Format(Invariant, "  {0,-20} {1,9} {2,8:0.0} {3,8:0.0} {4,8:0.0} {5,8:0.0}", name, d.Count, d.P50Ms, d.P95Ms, d.P99Ms, d.MaxMs));
}
