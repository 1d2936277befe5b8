using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>
/// The browser player in tracker mode against real processes: tracker, origin and two relays. The
/// relays differ in distance as the browser measures it: "relay-far" and the origin delay their
/// /healthz answers by 150 ms (Player:ProbeDelayMs, a test aid), so the player's own HTTP probes find
/// "relay-near" nearest. Killing that relay with SIGKILL must cost at most a short freeze.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NearestRelayPlayerTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Player_ProbesCandidates_AttachesToNearestRelay_ShowsOverlay_SurvivesParentKill()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var tracker = await NodeProcess.StartAsync("tracker", [], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "2", "--peer-id", "origin-a", "--site", "dc", "--Player:ProbeDelayMs=150"], cts.Token);
        await using var near = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-near", "--site", "office"], cts.Token);
        await using var far = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-far", "--site", "branch", "--Player:ProbeDelayMs=150"], cts.Token);
        using var http = new HttpClient();
        var tree = await TreeReader.WaitAsync(http, tracker.HttpBase, "demo", t => TreeReader.IsAttached(t, "relay-near", "origin-a") && TreeReader.IsAttached(t, "relay-far", "origin-a"), TimeSpan.FromSeconds(30), cts.Token);
        Assert.True(tree is not null && TreeReader.IsAttached(tree, "relay-far"), $"relays did not attach\n{near.Log}\n{far.Log}");
        await Task.Delay(1000, cts.Token); // both relays receiving before the viewer arrives

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(960, 600);
        await page.GotoAsync($"{tracker.HttpBase}/watch/demo");
        var state = await PlayerState.WaitAsync(page, s => s.ParentId is not null && s.FramesDecoded >= 60 && s.LatencyMs is not null && s.Kbps is not null, TimeSpan.FromSeconds(30));
        output.WriteLine($"attached: {state}");
        output.WriteLine($"overlay:\n{state.OverlayText}");
        await Screenshots.SaveAsync(page, "player-nearest-relay");
        Assert.True(state.Error is null, $"player error: {state.Error}\n{string.Join('\n', chromium.ConsoleLines)}");
        Assert.Equal("tracker", state.Mode);
        Assert.Equal("relay-near", state.ParentId);
        Assert.Equal(2, state.Hops); // origin → relay-near → this viewer
        Assert.Equal("office", state.Site);
        Assert.True(state.FramesDecoded >= 60, $"only {state.FramesDecoded} frames");
        Assert.True(state.Kbps > 50, $"bitrate {state.Kbps}");
        Assert.NotNull(state.RttMs);
        Assert.InRange(state.LossFraction ?? -1, 0, 0.05);
        Assert.InRange(state.LatencyMs ?? -1, 0, 2000);
        Assert.Contains("relay-near", state.OverlayText, StringComparison.Ordinal);
        Assert.Contains("office", state.OverlayText, StringComparison.Ordinal);

        // The tracker shows the viewer under relay-near with its heartbeat statistics; the heartbeat carries QoE.
        var withStats = await TreeReader.WaitAsync(http, tracker.HttpBase, "demo", t => t.Nodes.Any(n => n.Id == state.PeerId && n.Stats?.ReceiveKbps > 0), TimeSpan.FromSeconds(15), cts.Token);
        var viewer = withStats?.Nodes.FirstOrDefault(n => n.Id == state.PeerId);
        output.WriteLine($"tracker sees: {viewer}; stats {viewer?.Stats}");
        Assert.Equal("relay-near", viewer?.Parent);
        Assert.True(viewer?.Stats?.ReceiveKbps > 50, "no heartbeat statistics reached the tracker");
        var heartbeat = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.streammesh.lastHeartbeat.stats");
        output.WriteLine($"last heartbeat stats: {heartbeat}");
        Assert.True(heartbeat.GetProperty("glassToGlassMs").GetDouble() > 0);
        Assert.True(heartbeat.GetProperty("framesDecoded").GetInt64() > 0);
        Assert.InRange(heartbeat.GetProperty("rebufferingRatio").GetDouble(), 0, 1);

        // SIGKILL the parent: the player notices the silence, finds its /healthz refused, reports it and reattaches.
        Assert.True(await FrameClock.InstallAsync(page), "no requestVideoFrameCallback in this Chromium");
        var mark = await FrameClock.NowAsync(page);
        near.Kill();
        var killedAt = Stopwatch.GetTimestamp();
        var before = (await PlayerState.ReadAsync(page)).FramesDecoded;
        var resumed = await PlayerState.WaitAsync(page, s => s.ParentId is not null && s.ParentId != "relay-near" && s.FramesDecoded > before + 5, TimeSpan.FromSeconds(30));
        // The freeze as the viewer sees it: the longest gap between frames the page presented (PlayerParentLossTests
        // measures it over repeated kills and holds it to a tighter bound).
        var freeze = await FrameClock.LongestFreezeAfterAsync(page, mark);
        output.WriteLine($"frames resumed on {resumed.ParentId}: longest freeze {freeze.LongestGapMs:F0} ms, first frame {freeze.ResumedAfterMs:F0} ms after the kill (seen by the test {Stopwatch.GetElapsedTime(killedAt).TotalSeconds:0.00} s after)");
        output.WriteLine("player events: " + string.Join(" | ", await page.EvaluateAsync<string[]>("() => window.streammesh.events")));
        var after = await PlayerState.WaitAsync(page, s => s.ParentId is not null && s.ParentId != "relay-near" && s.FramesDecoded >= before + 60, TimeSpan.FromSeconds(30));
        var recovered = Stopwatch.GetElapsedTime(killedAt);
        output.WriteLine($"after the kill ({recovered.TotalSeconds:0.0} s): {after}");
        await Screenshots.SaveAsync(page, "player-after-parent-killed");
        Assert.True(after.ParentId is "relay-far" or "origin-a", $"player did not reattach: {after}\n{string.Join('\n', chromium.ConsoleLines)}\n{tracker.Log}");
        Assert.True(after.Reattachments >= 1);
        Assert.True(after.FramesDecoded >= before + 60, $"playback did not resume: {after}");
        Assert.True(freeze.LongestGapMs < 3000, $"the picture froze for {freeze}");
    }
}
