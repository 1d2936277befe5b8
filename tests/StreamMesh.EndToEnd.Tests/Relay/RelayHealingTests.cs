using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// Healing through real processes: a chain origin → A → B → C → V (every node has one slot, so the tracker has no
/// choice) with a Chromium viewer on V. A is killed with SIGKILL, B leaves gracefully (SIGTERM), C is killed with
/// SIGKILL. The issue's target: media reaches the viewer again within 1 s (the longest gap in video packet arrival,
/// sampled every 20 ms inside the page). The decode stall (gap in the decoded-frame counter) is reported and held to
/// a looser bound: after a switch the browser may hold the first frames for its audio/video sync (docs/relay-tree.md).
/// The viewer keeps one session throughout.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayHealingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DecodeBound = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task ParentsKilledOrLeaving_ViewerBelowResumesWithinOneSecond()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var tracker = await NodeProcess.StartAsync("tracker", ["--Tracker:HeartbeatIntervalSeconds=0.5", "--Tracker:HeartbeatTimeoutSeconds=3"], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "1", "--peer-id", "origin-a"], cts.Token);
        using var http = new HttpClient();
        var chain = new Dictionary<string, NodeProcess>(StringComparer.Ordinal);
        try
        {
            // Every node has one slot, so the tree is a chain whatever order the relays attach in.
            foreach (var id in new[] { "relay-a", "relay-b", "relay-c", "relay-d" })
            {
                chain[id] = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", id, "--max-children", "1"], cts.Token);
                await WaitForTreeAsync(http, tracker, t => t.IsAttached(id), $"{id} attached", cts.Token);
            }

            var settled = await WaitForTreeAsync(http, tracker, t => chain.Keys.All(t.IsAttached), "all relays attached", cts.Token);
            var bottom = settled.Deepest();
            output.WriteLine($"chain: {string.Join(" → ", settled.PathTo(bottom))}");
            var viewerRelay = chain[bottom];
            var client = new TrackerClient(http, new Uri(tracker.HttpBase + "/"));
            var joined = await client.JoinAsync("demo", new JoinRequestDto { PeerId = "viewer-1", Role = TrackerPeerRole.Viewer }, cts.Token);
            var assignment = await client.ConfirmAsync("demo", new ConfirmRequestDto { PeerId = "viewer-1", Session = joined.Session, Parents = [bottom] }, cts.Token);
            Assert.Equal(bottom, assignment.Parent?.PeerId);

            await using var chromium = await Chromium.LaunchAsync();
            var page = await chromium.NewPageAsync();
            await page.GotoAsync($"{viewerRelay.HttpBase}/watch/demo?ticket={Uri.EscapeDataString(assignment.Ticket!)}");
            var before = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 60, TimeSpan.FromSeconds(20));
            Assert.True(before.FramesDecoded >= 60, $"viewer did not start through four relays: {before}\n{viewerRelay.Log}");
            await FrameProgressProbe.InstallAsync(page);

            var stalls = new List<(string Event, double ArrivalMs, double DecodeMs)>();
            var plan = new (string What, bool Graceful, Func<ObservedTree, string?> Victim)[]
            {
                ("kill -9 of the topmost relay above the viewer's relay", false, t => t.RelayAncestors(bottom).FirstOrDefault()),
                ("graceful leave (SIGTERM) of the topmost relay above it", true, t => t.RelayAncestors(bottom).FirstOrDefault()),
                ("kill -9 of the viewer relay's parent", false, t => t.RelayAncestors(bottom).LastOrDefault()),
            };
            foreach (var (what, graceful, pick) in plan)
            {
                var now = await ObservedTree.ReadAsync(http, tracker, cts.Token);
                if (pick(now) is not { } victim)
                {
                    output.WriteLine($"{what}: skipped, no relay above {bottom} ({string.Join(" → ", now.PathTo(bottom))})");
                    continue;
                }

                var depth = now.PathTo(bottom).Count - now.PathTo(victim).Count;
                var (arrival, decode) = await MeasureAsync(page, () => DisruptAsync(chain[victim], graceful, cts.Token), http, tracker, victim, chain.Keys, cts.Token);
                chain.Remove(victim, out var gone);
                await gone!.DisposeAsync();
                stalls.Add(($"{what}: {victim}, {depth} level(s) above {bottom}", arrival, decode));
            }

            Assert.True(stalls.Count >= 2, "too few events could be staged");
            var after = await BrowserStats.ReadAsync(page);
            foreach (var (what, arrival, decode) in stalls)
            {
                output.WriteLine($"{what}: viewer media gap {arrival:F0} ms, decode stall {decode:F0} ms");
            }

            output.WriteLine($"viewer {after}");

            Assert.Equal("connected", after.ConnectionState);
            Assert.True(after.FramesDecoded > before.FramesDecoded + 90, $"the viewer did not keep playing: {before.FramesDecoded} → {after.FramesDecoded}");

            // p95 of three events is their maximum: every one must meet the issue's 1 s target.
            var worst = stalls.Max(s => s.ArrivalMs);
            Assert.True(worst < Target.TotalMilliseconds, $"longest media gap {worst:F0} ms ≥ {Target.TotalMilliseconds} ms: {string.Join("; ", stalls)}");
            var worstDecode = stalls.Max(s => s.DecodeMs);
            Assert.True(worstDecode < DecodeBound.TotalMilliseconds, $"longest decode stall {worstDecode:F0} ms: {string.Join("; ", stalls)}");
        }
        finally
        {
            foreach (var (id, node) in chain)
            {
                output.WriteLine($"--- {id}\n{string.Join('\n', node.Log.Split('\n').Where(l => l.Contains("Stream demo", StringComparison.Ordinal)))}");
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="disrupt"/>, waits until the victim is gone and every other relay is attached again, lets
    /// playback run on, and returns the viewer's longest media gap and decode stall, ms.
    /// </summary>
    private async Task<(double ArrivalMs, double DecodeMs)> MeasureAsync(Microsoft.Playwright.IPage page, Func<Task> disrupt, HttpClient http, NodeProcess tracker, string victim, IEnumerable<string> relays, CancellationToken cancellationToken)
    {
        var others = relays.Where(r => r != victim).ToArray();
        var mark = await FrameProgressProbe.MarkAsync(page);
        var started = Stopwatch.GetTimestamp();
        await disrupt();
        var healed = await WaitForTreeAsync(http, tracker, t => !t.Contains(victim) && others.All(t.IsAttached), $"{victim} gone and the rest attached", cancellationToken);
        output.WriteLine($"tree healed after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms: {string.Join(" → ", healed.PathTo(healed.Deepest()))}");

        // Let playback run on so a late stall (for example a keyframe that never came) is inside the window.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var progress = await FrameProgressProbe.ProgressSinceAsync(page, mark);
        Assert.True(progress > 30, $"the viewer did not resume: {progress} decode progress samples since the event; {await BrowserStats.ReadAsync(page)}");
        return (await FrameProgressProbe.LongestGapAfterAsync(page, "arrived", mark), await FrameProgressProbe.LongestGapAfterAsync(page, "decoded", mark));
    }

    private static async Task<ObservedTree> WaitForTreeAsync(HttpClient http, NodeProcess tracker, Func<ObservedTree, bool> condition, string what, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        ObservedTree? tree = null;
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            tree = await ObservedTree.ReadAsync(http, tracker, cancellationToken);
            if (condition(tree))
            {
                return tree;
            }

            await Task.Delay(50, cancellationToken);
        }

        Assert.Fail($"never saw {what}: {tree?.Json}");
        return tree!;
    }

    /// <summary>SIGTERM: the node shuts down gracefully (leaves the tracker, says BYE to its children); else SIGKILL.</summary>
    private static async Task DisruptAsync(NodeProcess node, bool graceful, CancellationToken cancellationToken)
    {
        if (graceful)
        {
            await node.TerminateAsync(cancellationToken);
        }
        else
        {
            node.Kill();
        }
    }
}
