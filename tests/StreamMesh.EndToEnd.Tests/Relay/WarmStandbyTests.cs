using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;


namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// Tree:WarmStandby: a relay keeps a receive-only session to its first backup. Origin (two slots) and three relays
/// (one slot each): one relay hangs under another, with the third as its backup. When its parent is killed, it must
/// switch to its standby without a new handshake and the viewer on it resume within 1 s.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WarmStandbyTests(ITestOutputHelper output)
{
    [Fact(Skip = "Not yet reliable: the relay under test often keeps a standby on the backup it had before the tree settled (see docs/relay-tree.md, Not yet)")]
    public async Task ParentKilled_StandbyPromotedWithoutHandshake_ViewerResumesWithinOneSecond()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var tracker = await NodeProcess.StartAsync("tracker", ["--Tracker:HeartbeatIntervalSeconds=0.5", "--Tracker:HeartbeatTimeoutSeconds=3"], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "2", "--peer-id", "origin-a", "--site", "hq"], cts.Token);
        using var http = new HttpClient();
        var relays = new Dictionary<string, NodeProcess>(StringComparer.Ordinal);
        try
        {
            foreach (var id in new[] { "relay-a", "relay-b", "relay-c" })
            {
                relays[id] = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", id, "--max-children", "1", "--Tree:WarmStandby=true"], cts.Token);
                await WaitAsync(http, tracker, t => t.IsAttached(id), cts.Token);
            }

            // Two origin slots, three relays with one slot each: exactly one relay hangs under another, and the relay
            // still without a child is its backup.
            var tree = await WaitAsync(http, tracker, t => relays.Keys.Any(r => t.RelayAncestors(r).Count == 1), cts.Token);
            var lower = relays.Keys.Single(r => tree.RelayAncestors(r).Count == 1);
            var parent = tree.RelayAncestors(lower)[0];
            var backup = relays.Keys.Single(r => r != lower && r != parent);
            output.WriteLine($"{lower} under {parent}, backup {backup}");
            var relayC = relays[lower];
            await WaitForLogAsync(relayC, $"warm standby connected to backup {backup}", cts.Token);
            await RunAsync(http, tracker, relayC, lower, relays[parent], parent, backup, cts.Token);
        }
        finally
        {
            foreach (var node in relays.Values)
            {
                await node.DisposeAsync();
            }
        }
    }

    private async Task RunAsync(HttpClient http, NodeProcess tracker, NodeProcess relayC, string lower, NodeProcess parentNode, string parent, string backup, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var client = new TrackerClient(http, new Uri(tracker.HttpBase + "/"));
        var joined = await client.JoinAsync("demo", new JoinRequestDto { PeerId = "viewer-1", Role = TrackerPeerRole.Viewer }, cts.Token);
        var assignment = await client.ConfirmAsync("demo", new ConfirmRequestDto { PeerId = "viewer-1", Session = joined.Session, Parents = [lower] }, cts.Token);
        Assert.Equal(lower, assignment.Parent?.PeerId);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{relayC.HttpBase}/watch/demo?ticket={Uri.EscapeDataString(assignment.Ticket!)}");
        var before = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 60, TimeSpan.FromSeconds(20));
        Assert.True(before.FramesDecoded >= 60, $"viewer did not start: {before}");
        await FrameProgressProbe.InstallAsync(page);

        var mark = await FrameProgressProbe.MarkAsync(page);
        var killed = Stopwatch.GetTimestamp();
        parentNode.Kill();
        await WaitAsync(http, tracker, t => !t.Contains(parent) && t.PathTo(lower).Contains(backup), cts.Token);
        output.WriteLine($"{lower} under {backup} in the tree after {Stopwatch.GetElapsedTime(killed).TotalMilliseconds:F0} ms");
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);
        var arrival = await FrameProgressProbe.LongestGapAfterAsync(page, "arrived", mark);
        var decode = await FrameProgressProbe.LongestGapAfterAsync(page, "decoded", mark);
        output.WriteLine($"kill -9 of {parent} with a warm standby on {backup}: viewer media gap {arrival:F0} ms, decode stall {decode:F0} ms");
        output.WriteLine(string.Join('\n', relayC.Log.Split('\n').Where(l => l.Contains("Stream demo", StringComparison.Ordinal))));

        Assert.Contains($"promoted warm standby {backup} without a new handshake", relayC.Log, StringComparison.Ordinal);
        Assert.True(await FrameProgressProbe.ProgressSinceAsync(page, mark) > 30, "the viewer did not resume");
        Assert.True(arrival < 1000, $"media gap {arrival:F0} ms");
    }

    private static async Task<ObservedTree> WaitAsync(HttpClient http, NodeProcess tracker, Func<ObservedTree, bool> condition, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ObservedTree tree;
        do
        {
            tree = await ObservedTree.ReadAsync(http, tracker, cancellationToken);
            if (condition(tree))
            {
                return tree;
            }

            await Task.Delay(50, cancellationToken);
        }
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30));

        Assert.Fail($"the tree never reached the expected shape: {tree.Json}");
        return tree;
    }

    private static async Task WaitForLogAsync(NodeProcess node, string text, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (!node.Log.Contains(text, StringComparison.Ordinal))
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20), $"never logged '{text}':\n{node.Log}");
            await Task.Delay(100, cancellationToken);
        }
    }
}
