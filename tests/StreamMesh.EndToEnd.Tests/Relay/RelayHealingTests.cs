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
        await using var chain = await RelayChain.StartAsync(["relay-a", "relay-b", "relay-c", "relay-d"], cts.Token);
        try
        {
            var settled = await chain.WaitForTreeAsync(t => chain.Relays.Keys.All(t.IsAttached), "all relays attached", cts.Token);
            var bottom = settled.Deepest();
            output.WriteLine($"chain: {string.Join(" → ", settled.PathTo(bottom))}");
            var viewerRelay = chain.Relays[bottom];
            var client = new TrackerClient(chain.Http, new Uri(chain.Tracker.HttpBase + "/"));
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
                var now = await chain.ReadTreeAsync(cts.Token);
                if (pick(now) is not { } victim)
                {
                    output.WriteLine($"{what}: skipped, no relay above {bottom} ({string.Join(" → ", now.PathTo(bottom))})");
                    continue;
                }

                var depth = now.PathTo(bottom).Count - now.PathTo(victim).Count;
                var (arrival, decode) = await MeasureAsync(page, () => DisruptAsync(chain.Relays[victim], graceful, cts.Token), chain, victim, cts.Token);
                await chain.RemoveAsync(victim);
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
            foreach (var id in chain.Relays.Keys)
            {
                output.WriteLine($"--- {id}\n{chain.StreamLog(id)}");
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="disrupt"/>, waits until the victim is gone and every other relay is attached again, lets
    /// playback run on, and returns the viewer's longest media gap and decode stall, ms.
    /// </summary>
    private async Task<(double ArrivalMs, double DecodeMs)> MeasureAsync(Microsoft.Playwright.IPage page, Func<Task> disrupt, RelayChain chain, string victim, CancellationToken cancellationToken)
    {
        var others = chain.Relays.Keys.Where(r => r != victim).ToArray();
        var mark = await FrameProgressProbe.MarkAsync(page);
        var started = Stopwatch.GetTimestamp();
        await disrupt();
        var healed = await chain.WaitForTreeAsync(t => !t.Contains(victim) && others.All(t.IsAttached), $"{victim} gone and the rest attached", cancellationToken);
        output.WriteLine($"tree healed after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms: {string.Join(" → ", healed.PathTo(healed.Deepest()))}");

        // Let playback run on so a late stall (for example a keyframe that never came) is inside the window.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var progress = await FrameProgressProbe.ProgressSinceAsync(page, mark);
        Assert.True(progress > 30, $"the viewer did not resume: {progress} decode progress samples since the event; {await BrowserStats.ReadAsync(page)}");
        return (await FrameProgressProbe.LongestGapAfterAsync(page, "arrived", mark), await FrameProgressProbe.LongestGapAfterAsync(page, "decoded", mark));
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
