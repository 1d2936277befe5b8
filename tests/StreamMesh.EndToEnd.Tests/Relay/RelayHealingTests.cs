using System.Diagnostics;
using System.Text.Json;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// Healing through real processes: a chain origin → A → B → C → V (every node has one slot, so the tracker has no
/// choice) with a Chromium viewer on V. A is killed with SIGKILL, B leaves gracefully (SIGTERM), C is killed with
/// SIGKILL; each time the viewer must resume within 1 s. The stall is the longest gap between two increases of the
/// viewer's decoded-frame counter, sampled every 20 ms inside the page. The viewer keeps one session throughout.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayHealingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ParentsKilledOrLeaving_ViewerBelowResumesWithinOneSecond()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var tracker = await NodeProcess.StartAsync("tracker", ["--Tracker:HeartbeatIntervalSeconds=0.5", "--Tracker:HeartbeatTimeoutSeconds=3"], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "1", "--peer-id", "origin-a"], cts.Token);
        using var http = new HttpClient();
        var chain = new List<NodeProcess>();
        try
        {
            string parent = "origin-a";
            foreach (var id in new[] { "relay-a", "relay-b", "relay-c", "relay-v" })
            {
                chain.Add(await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", id, "--max-children", "1"], cts.Token));
                await WaitForParentAsync(http, tracker, id, parent, cts.Token);
                parent = id;
            }

            var viewerRelay = chain[3];
            var client = new TrackerClient(http, new Uri(tracker.HttpBase + "/"));
            var joined = await client.JoinAsync("demo", new JoinRequestDto { PeerId = "viewer-1", Role = TrackerPeerRole.Viewer }, cts.Token);
            var assignment = await client.ConfirmAsync("demo", new ConfirmRequestDto { PeerId = "viewer-1", Session = joined.Session, Parents = ["relay-v"] }, cts.Token);
            Assert.Equal("relay-v", assignment.Parent?.PeerId);

            await using var chromium = await Chromium.LaunchAsync();
            var page = await chromium.NewPageAsync();
            await page.GotoAsync($"{viewerRelay.HttpBase}/watch/demo?ticket={Uri.EscapeDataString(assignment.Ticket!)}");
            var before = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 60, TimeSpan.FromSeconds(20));
            Assert.True(before.FramesDecoded >= 60, $"viewer did not start through four relays: {before}\n{viewerRelay.Log}");
            await FrameProgressProbe.InstallAsync(page);

            var stalls = new List<(string Event, double Ms)>
            {
                ("kill -9 relay-a (great-grandparent)", await MeasureAsync(page, () => chain[0].Kill(), http, tracker, "relay-b", "origin-a", cts.Token)),
                ("SIGTERM relay-b (grandparent, graceful)", await MeasureAsync(page, () => Terminate(chain[1]), http, tracker, "relay-c", "origin-a", cts.Token)),
                ("kill -9 relay-c (parent)", await MeasureAsync(page, () => chain[2].Kill(), http, tracker, "relay-v", "origin-a", cts.Token)),
            };

            var after = await BrowserStats.ReadAsync(page);
            foreach (var (what, ms) in stalls)
            {
                output.WriteLine($"{what}: viewer stall {ms:F0} ms");
            }

            output.WriteLine($"viewer {after}");
            foreach (var node in chain)
            {
                output.WriteLine($"--- {node.HttpBase}\n{string.Join('\n', node.Log.Split('\n').Where(l => l.Contains("Stream demo", StringComparison.Ordinal)))}");
            }

            Assert.Equal("connected", after.ConnectionState);
            Assert.True(after.FramesDecoded > before.FramesDecoded + 90, $"the viewer did not keep playing: {before.FramesDecoded} → {after.FramesDecoded}");

            // p95 of three events is their maximum: every one must meet the issue's 1 s target.
            var worst = stalls.Max(s => s.Ms);
            Assert.True(worst < Target.TotalMilliseconds, $"longest stall {worst:F0} ms ≥ {Target.TotalMilliseconds} ms: {string.Join("; ", stalls)}\n{viewerRelay.Log}");
        }
        finally
        {
            foreach (var node in chain)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>Runs <paramref name="disrupt"/>, waits for the tree to heal and playback to settle, returns the viewer's longest stall, ms.</summary>
    private async Task<double> MeasureAsync(Microsoft.Playwright.IPage page, Action disrupt, HttpClient http, NodeProcess tracker, string healed, string newParent, CancellationToken cancellationToken)
    {
        var mark = await FrameProgressProbe.MarkAsync(page);
        var started = Stopwatch.GetTimestamp();
        disrupt();
        await WaitForParentAsync(http, tracker, healed, newParent, cancellationToken);
        output.WriteLine($"tree healed ({healed} under {newParent}) after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");

        // Let playback run on so a late stall (for example a keyframe that never came) is inside the window.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        Assert.True(await FrameProgressProbe.ProgressSinceAsync(page, mark) > 30, "the viewer did not resume");
        return await FrameProgressProbe.LongestGapAfterAsync(page, mark);
    }

    private static async Task WaitForParentAsync(HttpClient http, NodeProcess tracker, string peer, string parent, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp();
        string tree = string.Empty;
        while (Stopwatch.GetElapsedTime(deadline) < TimeSpan.FromSeconds(30))
        {
            using var response = await http.GetAsync(new Uri($"{tracker.HttpBase}/api/streams/demo/tree"), cancellationToken);
            tree = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode && HasParent(tree, peer, parent))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        Assert.Fail($"{peer} never attached under {parent}: {tree}");
    }

    private static bool HasParent(string tree, string peer, string parent)
    {
        using var document = JsonDocument.Parse(tree);
        foreach (var node in document.RootElement.GetProperty("nodes").EnumerateArray())
        {
            if (node.GetProperty("id").GetString() == peer)
            {
                return node.GetProperty("state").GetString() == "attached" && node.GetProperty("parent").GetString() == parent;
            }
        }

        return false;
    }

    /// <summary>SIGTERM: the node shuts down gracefully (leaves the tracker, says BYE to its children).</summary>
    private static void Terminate(NodeProcess node)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", node.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }
}
