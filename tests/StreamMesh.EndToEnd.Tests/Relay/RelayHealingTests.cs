using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// A mid-tree relay is killed with SIGKILL: the relay below it notices the silence, asks the tracker
/// for another parent and re-attaches, and the Chromium viewer below keeps its session (it sees a
/// freeze, no reconnect). The gap is measured from the browser's decoded-frame counter.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayHealingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MidTreeRelayKilled_ChildRelayReattaches_ViewerKeepsPlaying()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var tracker = await NodeProcess.StartAsync("tracker", ["--Tracker:HeartbeatIntervalSeconds=0.5", "--Tracker:HeartbeatTimeoutSeconds=1.5"], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "1", "--peer-id", "origin-a"], cts.Token);
        // Two relays and one origin slot: one relay hangs under the other. Which is which is the tracker's call.
        await using var relayA = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-a"], cts.Token);
        await using var relayB = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-b"], cts.Token);
        using var http = new HttpClient();
        var client = new TrackerClient(http, new Uri(tracker.HttpBase + "/"));
        var tree = await http.GetStringAsync(new Uri($"{tracker.HttpBase}/api/streams/demo/tree"), cts.Token);
        var midIsA = tree.Contains("\"id\":\"relay-a\",\"role\":\"relay\",\"site\":\"internet\",\"state\":\"attached\",\"parent\":\"origin-a\"", StringComparison.Ordinal);
        var (upper, lower, lowerId) = midIsA ? (relayA, relayB, "relay-b") : (relayB, relayA, "relay-a");
        output.WriteLine($"tree: {tree}");

        JoinResponseDto? joined = null;
        for (var attempt = 0; joined is null; attempt++)
        {
            try
            {
                joined = await client.JoinAsync("demo", new JoinRequestDto { PeerId = "viewer-1", Role = TrackerPeerRole.Viewer }, cts.Token);
            }
            catch (TrackerRequestException ex) when (attempt < 3)
            {
                output.WriteLine($"join attempt {attempt}: {ex.Message}; tree {await http.GetStringAsync(new Uri($"{tracker.HttpBase}/api/streams/demo/tree"), cts.Token)}");
                await Task.Delay(1000, cts.Token);
            }
        }

        var assignment = await client.ConfirmAsync("demo", new ConfirmRequestDto { PeerId = "viewer-1", Session = joined.Session, Parents = [lowerId] }, cts.Token);
        Assert.Equal(lowerId, assignment.Parent?.PeerId);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{lower.HttpBase}/watch/demo?ticket={Uri.EscapeDataString(assignment.Ticket!)}");
        var before = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 60, TimeSpan.FromSeconds(20));
        Assert.True(before.FramesDecoded >= 60, $"viewer did not start through two relays: {before}\n{lower.Log}");

        upper.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        long lastFrames = before.FramesDecoded;
        var lastProgress = killedAt;
        var longestStall = TimeSpan.Zero;
        while (Stopwatch.GetElapsedTime(killedAt) < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100, cts.Token);
            var now = await BrowserStats.ReadAsync(page);
            var at = Stopwatch.GetTimestamp();
            if (now.FramesDecoded > lastFrames)
            {
                var stall = Stopwatch.GetElapsedTime(lastProgress, at);
                longestStall = stall > longestStall ? stall : longestStall;
                lastFrames = now.FramesDecoded;
                lastProgress = at;
            }
        }

        // A stall still running at the end counts too.
        var trailing = Stopwatch.GetElapsedTime(lastProgress);
        longestStall = trailing > longestStall ? trailing : longestStall;
        var after = await BrowserStats.ReadAsync(page);
        var treeAfter = await http.GetStringAsync(new Uri($"{tracker.HttpBase}/api/streams/demo/tree"), cts.Token);
        output.WriteLine($"kill -9 of the mid-tree relay: longest playback stall {longestStall.TotalMilliseconds:F0} ms (sampled every 100 ms); viewer {after}");
        output.WriteLine($"tree after: {treeAfter}");

        Assert.Equal("connected", after.ConnectionState);
        Assert.True(after.FramesDecoded > before.FramesDecoded + 30, $"the viewer did not resume: {before.FramesDecoded} → {after.FramesDecoded}\n{lower.Log}");
        Assert.True(longestStall < TimeSpan.FromSeconds(3), $"playback stalled {longestStall.TotalMilliseconds:F0} ms");
        Assert.Contains($"\"id\":\"{lowerId}\",\"role\":\"relay\",\"site\":\"internet\",\"state\":\"attached\",\"parent\":\"origin-a\"", treeAfter, StringComparison.Ordinal);
    }
}
