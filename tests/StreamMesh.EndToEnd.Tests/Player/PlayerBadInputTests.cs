using System.Globalization;
using System.Net;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.EndToEnd.Tests.Viewer;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>
/// Bad input reaches a person, not a stack trace: an unknown stream in the player URL and in
/// <c>view</c>, an unreachable tracker, and a full tree (one origin slot, no relays).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PlayerBadInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PlayerAndView_UnknownStreamFullTreeUnreachableTracker_ClearMessages()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // One origin slot and no relays: the second viewer finds the tree full.
        await using var demo = await NodeProcess.StartAsync("demo", ["--relays", "0", "--origin-children", "1"], cts.Token);
        await using var chromium = await Chromium.LaunchAsync();

        var first = await chromium.NewPageAsync();
        await first.GotoAsync($"{demo.HttpBase}/watch/demo");
        var playing = await PlayerState.WaitAsync(first, s => s.ParentId == "origin" && s.FramesDecoded > 10, TimeSpan.FromSeconds(30));
        Assert.True(playing.ParentId == "origin", $"the first viewer did not attach: {playing}\n{demo.Log}");

        var full = await chromium.NewPageAsync();
        await full.GotoAsync($"{demo.HttpBase}/watch/demo");
        var fullState = await PlayerState.WaitAsync(full, s => s.Message is not null, TimeSpan.FromSeconds(20));
        output.WriteLine($"full tree page: {fullState.Message}");
        await Screenshots.SaveAsync(full, "player-full-tree");
        Assert.Contains("full", fullState.Message, StringComparison.Ordinal);
        Assert.True(await full.IsVisibleAsync("#message"));

        var unknown = await chromium.NewPageAsync();
        await unknown.GotoAsync($"{demo.HttpBase}/watch/nosuch");
        var unknownState = await PlayerState.WaitAsync(unknown, s => s.Error is not null, TimeSpan.FromSeconds(20));
        output.WriteLine($"unknown stream page: {unknownState.Error}");
        await Screenshots.SaveAsync(unknown, "player-unknown-stream");
        Assert.Equal("No stream named 'nosuch' is live. Live streams: demo.", unknownState.Error);
        Assert.Equal(unknownState.Error, await unknown.InnerTextAsync("#message"));

        // The same through the headless viewer.
        var work = ViewCommand.CreateWorkDirectory("bad");
        var viewUnknown = await ViewCommand.RunAsync(["--tracker", demo.HttpBase, "--stream", "nosuch", "--duration", "3s"], work, cts.Token);
        output.WriteLine(viewUnknown.ToString());
        Assert.Equal(3, viewUnknown.ExitCode);
        Assert.Contains("has no stream 'nosuch'; live streams: demo", viewUnknown.StandardError, StringComparison.Ordinal);

        var viewFull = await ViewCommand.RunAsync(["--tracker", demo.HttpBase, "--stream", "demo", "--duration", "3s"], work, cts.Token);
        output.WriteLine(viewFull.ToString());
        Assert.Equal(5, viewFull.ExitCode);
        Assert.Contains("full", viewFull.StandardError, StringComparison.Ordinal);

        var deadTracker = $"http://127.0.0.1:{NodeProcess.FreeTcpPort().ToString(CultureInfo.InvariantCulture)}";
        var viewUnreachable = await ViewCommand.RunAsync(["--tracker", deadTracker, "--stream", "demo", "--duration", "3s"], work, cts.Token);
        output.WriteLine(viewUnreachable.ToString());
        Assert.Equal(4, viewUnreachable.ExitCode);
        Assert.Contains("cannot be reached", viewUnreachable.StandardError, StringComparison.Ordinal);

        foreach (var run in new[] { viewUnknown, viewFull, viewUnreachable })
        {
            Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", run.StandardError, StringComparison.Ordinal);
        }

        // A node whose tracker is down: its player page says so (and keeps retrying).
        await using var orphan = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", deadTracker], cts.Token);
        var unreachable = await chromium.NewPageAsync();
        await unreachable.GotoAsync($"{orphan.HttpBase}/watch/demo");
        var unreachableState = await PlayerState.WaitAsync(unreachable, s => s.Message is not null, TimeSpan.FromSeconds(20));
        output.WriteLine($"unreachable tracker page: {unreachableState.Message}");
        await Screenshots.SaveAsync(unreachable, "player-tracker-unreachable");
        Assert.Contains($"The tracker at {deadTracker} cannot be reached", unreachableState.Message, StringComparison.Ordinal);

        // Without a tracker (or with a ticket) the page attaches to the node itself: an unknown stream is a 404 page.
        using var http = new HttpClient();
        using var direct = await http.GetAsync(new Uri($"{orphan.HttpBase}/watch/nosuch?ticket=x"), cts.Token);
        var html = await direct.Content.ReadAsStringAsync(cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, direct.StatusCode);
        Assert.Contains("No stream named &#x27;nosuch&#x27; is served here. Streams on this node: demo.", html, StringComparison.Ordinal);
    }
}
