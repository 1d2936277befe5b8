using System.Globalization;
using StreamMesh.Chaos;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Acceptance;

/// <summary>
/// Issue #4 acceptance: origin → r1 → r2 → r3 → r4 → Chromium. A headless viewer at every depth
/// measures glass-to-glass latency (abs-capture-time), so the latency each relay hop adds is the
/// difference between neighbours; then <c>kill -9</c> of the mid-tree relay r2 and the time its
/// descendants stay silent.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FourHopAcceptanceTests(ITestOutputHelper output)
{
    private const string Stream = "demo";

    [Fact]
    public async Task FourRelayHops_ChromiumDecodesEveryFrame_PerHopLatencyAndMidTreeKillMeasured()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var cluster = await TreeCluster.StartAsync(new TreeClusterOptions
        {
            Sites = ["eu"],
            OriginSites = ["eu"],
            RelaySites = [],
            OriginMaxChildren = 3,
            RelayMaxChildren = 3,
            EmulateLatency = false,
            HeartbeatIntervalSeconds = 0.5,

            // Pinned viewers below do not heartbeat; keep them in the tree for the whole test.
            HeartbeatTimeoutSeconds = 120,

            // The chain is built by filling each node with pinned viewers, so no origin slot is kept back for relays.
            OriginSlotsReservedForRelays = 0,
        }, cts.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var tracker = new TrackerClient(http, cluster.TrackerUri);

        // One headless viewer at every depth, in depth order: viewers[d] is the one at depth d.
        await using var viewers = new PinnedViewers(tracker, http, Stream);
        Task AddViewerAsync(int depth, string parent) => viewers.AddAsync($"hop-{depth}", parent, localAddress: null, cts.Token);

        // Build the chain: each new relay finds only the previous one with a free slot.
        var chain = new List<string> { cluster.Origins[0].PeerId };
        var placeholders = new List<(string Id, string Session)>();
        ClusterNode? r2 = null;
        for (int depth = 1; depth <= 4; depth++)
        {
            string parent = chain[^1];
            var relay = await cluster.StartRelayAsync("eu", waitAttached: true, cts.Token);
            r2 = depth == 2 ? relay : r2;
            var built = await cluster.GetTreeAsync(cts.Token);
            Assert.True(built.Nodes.Single(n => n.Id == relay.PeerId).Parent == parent, $"{relay.PeerId} did not attach under {parent}:\n{TreeCluster.Describe(built)}");
            chain.Add(relay.PeerId);
            await AddViewerAsync(depth - 1, parent);
            var placeholder = await PinnedViewer.JoinAsync(tracker, Stream, $"placeholder-{depth - 1}", parent, cts.Token);
            placeholders.Add(($"placeholder-{depth - 1}", placeholder.Session));
        }

        await AddViewerAsync(4, chain[^1]);
        var browserTarget = (await PinnedViewer.JoinAsync(tracker, Stream, "chromium", chain[^1], cts.Token)).Target;
        output.WriteLine("chain:\n" + TreeCluster.Describe(await cluster.GetTreeAsync(cts.Token)));

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        var r4Base = browserTarget.Endpoint.AbsoluteUri[..browserTarget.Endpoint.AbsoluteUri.IndexOf("/whep/", StringComparison.Ordinal)];
        await page.GotoAsync($"{r4Base}/watch/{Stream}?ticket={Uri.EscapeDataString(browserTarget.BearerToken!)}");
        await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 30, TimeSpan.FromSeconds(20));

        // Measure: latency per depth and Chromium's decoding over the same window.
        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);
        viewers.BeginMeasurement();
        var before = await BrowserStats.ReadAsync(page);
        var window = TimeSpan.FromSeconds(8);
        await Task.Delay(window, cts.Token);
        var during = await BrowserStats.ReadAsync(page);

        double[] p50 = [.. viewers.Select(v => v.VideoLatency.GetPercentile(50).TotalMilliseconds)];
        double[] p95 = [.. viewers.Select(v => v.VideoLatency.GetPercentile(95).TotalMilliseconds)];
        output.WriteLine("relay hops | video glass-to-glass p50 / p95 (ms) | added by the last hop, p50 (ms)");
        for (int d = 0; d < viewers.Count; d++)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{d,10} | {p50[d],8:0.0} / {p95[d],7:0.0} | {(d == 0 ? "-" : (p50[d] - p50[d - 1]).ToString("0.0", CultureInfo.InvariantCulture))}"));
        }

        double perHop = (p50[4] - p50[0]) / 4;
        long decoded = during.FramesDecoded - before.FramesDecoded;
        long dropped = during.FramesDropped - before.FramesDropped;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added latency per relay hop (p50, mean of 4 hops): {perHop:0.0} ms"));
        output.WriteLine($"Chromium after 4 relay hops, {window.TotalSeconds:0} s: {decoded} frames decoded, {dropped} dropped, {during.FreezeCount - before.FreezeCount} freezes, {during.VideoPacketsLost} packets lost; {during}");

        Assert.All(viewers, v => Assert.True(v.Video?.Packets > 0 && v.Audio?.Packets > 0, $"viewer {v.Index} got no media"));
        Assert.True(during.Error is null, during.Error);
        // Every frame arrives decodable (no packet lost on 4 hops); how many Chromium renders in time depends
        // on the CPU it gets on this shared 2-core machine (load average 30-60 while these tests run), so
        // rendering is checked loosely and dropped frames are reported, not asserted.
        Assert.True(during.VideoPacketsLost <= during.VideoPacketsReceived / 200, $"Chromium lost {during.VideoPacketsLost} of {during.VideoPacketsReceived} video packets through 4 hops");
        Assert.True(decoded >= 30 * window.TotalSeconds * 0.4, $"Chromium decoded only {decoded} frames in {window.TotalSeconds} s through 4 hops");
        Assert.True(perHop < 50, $"each relay hop adds {perHop:0.0} ms (p50)");

        // Mid-tree kill -9 of r2: free one slot at every upper node first, so r3 has somewhere to go.
        foreach (var (id, session) in placeholders)
        {
            await PinnedViewer.LeaveAsync(tracker, Stream, id, session, cts.Token);
        }

        var freezesBefore = (await BrowserStats.ReadAsync(page)).FreezeCount;
        viewers.BeginMeasurement();
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
        await cluster.KillAsync(r2!);
        await Task.Delay(TimeSpan.FromSeconds(7), cts.Token);
        var afterKill = await BrowserStats.ReadAsync(page);
        var tree = await cluster.GetTreeAsync(cts.Token);
        output.WriteLine("after kill -9 of r2:\n" + TreeCluster.Describe(tree));
        double[] gaps = [.. viewers.Select(v => v.LongestVideoGap.TotalMilliseconds)];
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"longest video gap after the kill, by depth 0..4: {string.Join(" / ", gaps.Select(g => g.ToString("0", CultureInfo.InvariantCulture)))} ms (depth 2 was r2's own child and is not moved: it has no tracker client)"));
        output.WriteLine($"Chromium (below r4): +{afterKill.FramesDecoded - during.FramesDecoded} frames, +{afterKill.FreezeCount - freezesBefore} freezes");

        // r2's descendants through r3: the viewers at depth 3 and 4 and Chromium resume.
        Assert.True(viewers[3].VideoSilence < TimeSpan.FromSeconds(1) && viewers[4].VideoSilence < TimeSpan.FromSeconds(1), "the subtree below the killed relay did not resume");
        Assert.True(Math.Max(gaps[3], gaps[4]) <= 3_000, $"descendants of the killed relay were silent {Math.Max(gaps[3], gaps[4]):0} ms");
        Assert.True(afterKill.FramesDecoded > during.FramesDecoded + 60, "Chromium stopped decoding after the mid-tree kill");
    }
}
