using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.EndToEnd.Tests.Player;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Viewer;

/// <summary>
/// <c>streammesh view --tracker</c> against real processes: the headless viewer joins like the browser
/// player, keeps watching (and recording) when its parent is killed with SIGKILL, and with
/// <c>--relay</c> serves another viewer from its own in-process relay.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ViewTrackerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ViewTracker_ParentKilled_ReattachesAndRecordsTheWholeRunWithStats()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var tracker = await NodeProcess.StartAsync("tracker", [], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "2", "--peer-id", "origin-a"], cts.Token);
        await using var relayA = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-a"], cts.Token);
        await using var relayB = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-b"], cts.Token);
        using var http = new HttpClient();
        var tree = await TreeReader.WaitAsync(http, tracker.HttpBase, "demo", t => TreeReader.IsAttached(t, "relay-a", "origin-a") && TreeReader.IsAttached(t, "relay-b", "origin-a"), TimeSpan.FromSeconds(30), cts.Token);
        Assert.True(tree is not null && TreeReader.IsAttached(tree, "relay-b"), $"relays did not attach\n{relayA.Log}\n{relayB.Log}");
        await Task.Delay(1000, cts.Token);

        var work = ViewCommand.CreateWorkDirectory("tracker");
        var viewing = ViewCommand.RunAsync(["--tracker", tracker.HttpBase, "--stream", "demo", "--duration", "14s", "--record", "out.mp4", "--stats", "s.json"], work, cts.Token);

        // Find the viewer's parent in the tree once it has watched a while, then kill that relay.
        var attached = await TreeReader.WaitAsync(http, tracker.HttpBase, "demo", t => t.Nodes.Any(n => n.Id.StartsWith("view-", StringComparison.Ordinal) && n.State == "attached" && n.Stats?.ReceiveKbps > 0), TimeSpan.FromSeconds(30), cts.Token);
        var viewer = attached?.Nodes.FirstOrDefault(n => n.Id.StartsWith("view-", StringComparison.Ordinal));
        output.WriteLine($"viewer in the tree: {viewer}; stats {viewer?.Stats}");
        Assert.True(viewer?.Parent is "relay-a" or "relay-b", $"viewer not under a relay: {viewer}");
        var (victim, survivor) = viewer!.Parent == "relay-a" ? (relayA, "relay-b") : (relayB, "relay-a");
        Assert.NotNull(viewer.Stats?.ReceiveKbps);
        victim.Kill();
        var killedAt = Stopwatch.GetTimestamp();

        var run = await viewing;
        output.WriteLine($"view ended {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.0} s after the kill\n{run}");
        Assert.True(run.ExitCode == 0, $"{run}\n{tracker.Log}");
        Assert.Contains("parent " + survivor, run.StandardOutput, StringComparison.Ordinal);

        var stats = await ViewerStats.ReadAsync(Path.Combine(work, "s.json"), cts.Token);
        output.WriteLine(stats.ToString());
        // At least the one forced move; a loaded machine can add a move when a parent stalls past the silence limit.
        var reattachments = stats.Field("reattachments").GetInt32();
        Assert.InRange(reattachments, 1, 4);
        Assert.Equal(reattachments + 1, stats.Field("parents").GetArrayLength());
        Assert.Contains(survivor, stats.Field("parents")[reattachments].GetString(), StringComparison.Ordinal);
        Assert.InRange(stats.Field("longestFreezeSeconds").GetDouble(), 0.1, 10);
        Assert.InRange(stats.Seconds, 13.9, 17);
        Assert.True(stats.Long("video", "frames") > 250, stats.ToString());
        Assert.Equal("duration reached", stats.Field("endReason").GetString());

        // One file across both parents: one H.264 and one audio stream of about the watched time.
        var probe = await MediaProbe.RunAsync(Path.Combine(work, "out.mp4"), cts.Token);
        output.WriteLine($"ffprobe: {string.Join(", ", probe.Streams)} {probe.DurationSeconds:0.00} s ({string.Join(", ", probe.StreamSeconds)})");
        Assert.Equal([("video", "h264"), ("audio", "aac")], probe.Streams.OrderByDescending(s => s.Type).ToList());
        Assert.InRange(Math.Abs(probe.StreamSeconds["video"] - probe.StreamSeconds["audio"]), 0, 1.5);
        // 14 s watched; each parent replays its current GOP on attach, so the file may hold a few seconds more.
        Assert.InRange(probe.DurationSeconds, 11.5, 14 + (4.0 * (reattachments + 1)));
    }

    [Fact]
    public async Task ViewRelay_SecondViewerOnSameSite_AttachesToTheFirstViewersRelay()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var tracker = await NodeProcess.StartAsync("tracker", [], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "4", "--peer-id", "origin-a", "--site", "dc"], cts.Token);
        using var http = new HttpClient();
        Assert.NotNull(await TreeReader.WaitAsync(http, tracker.HttpBase, "demo", t => TreeReader.IsAttached(t, "origin-a"), TimeSpan.FromSeconds(30), cts.Token));

        var relayWork = ViewCommand.CreateWorkDirectory("relay");
        var relaying = ViewCommand.RunAsync(["--tracker", tracker.HttpBase, "--stream", "demo", "--site", "lab", "--relay", "--max-children", "2", "--duration", "16s", "--stats", "s.json"], relayWork, cts.Token);
        var withRelay = await TreeReader.WaitAsync(http, tracker.HttpBase, "demo", t => t.Nodes.Any(n => n.Id.EndsWith("-relay", StringComparison.Ordinal) && n.State == "attached" && n.Children.Count > 0), TimeSpan.FromSeconds(40), cts.Token);
        var relayNode = withRelay?.Nodes.FirstOrDefault(n => n.Id.EndsWith("-relay", StringComparison.Ordinal));
        output.WriteLine($"relay-capable viewer: {relayNode}");
        Assert.True(relayNode is { State: "attached", Site: "lab" }, $"the viewer's relay is not in the tree: {relayNode}");
        Assert.Equal(3, relayNode.Capacity); // two children plus the local viewer

        var childWork = ViewCommand.CreateWorkDirectory("child");
        var child = await ViewCommand.RunAsync(["--tracker", tracker.HttpBase, "--stream", "demo", "--site", "lab", "--duration", "5s", "--stats", "s.json"], childWork, cts.Token);
        output.WriteLine($"child: {child}");
        Assert.True(child.ExitCode == 0, child.ToString());
        Assert.Contains("parent " + relayNode.Id, child.StandardOutput, StringComparison.Ordinal);
        var childStats = await ViewerStats.ReadAsync(Path.Combine(childWork, "s.json"), cts.Token);
        Assert.True(childStats.Long("video", "frames") > 80, childStats.ToString());
        Assert.Equal(0, childStats.Long("audio", "gaps"));

        var relayRun = await relaying;
        output.WriteLine($"relay viewer: {relayRun}");
        Assert.True(relayRun.ExitCode == 0, relayRun.ToString());
        Assert.Contains("Relaying 'demo' as", relayRun.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("← origin-a", relayRun.StandardOutput, StringComparison.Ordinal);
    }
}
