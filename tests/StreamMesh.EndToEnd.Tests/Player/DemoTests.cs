using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary><c>streammesh demo</c>: the whole tree in one process; Chromium plays from the printed player URL; Ctrl+C stops it cleanly.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DemoTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_StartsTreeInOneProcess_ChromiumPlaysFromPlayerUrl_SigintStopsCleanly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var demo = await NodeProcess.StartAsync("demo", [], cts.Token);
        using var http = new HttpClient();
        var tree = await TreeReader.WaitAsync(http, demo.HttpBase, "demo", t => t.Nodes.Count(n => n.Id.StartsWith("relay-", StringComparison.Ordinal) && n.State == "attached") == 3, TimeSpan.FromSeconds(30), cts.Token);
        Assert.True(tree is not null && tree.Nodes.Count(n => n.Id.StartsWith("relay-", StringComparison.Ordinal)) == 3, $"three relays did not attach\n{demo.Log}");
        Assert.Contains($"player:    {demo.HttpBase}/watch/demo", demo.Log, StringComparison.Ordinal);
        Assert.Contains($"dashboard: {demo.HttpBase}/dashboard", demo.Log, StringComparison.Ordinal);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.SetViewportSizeAsync(960, 600);
        await page.GotoAsync($"{demo.HttpBase}/watch/demo");
        var state = await PlayerState.WaitAsync(page, s => s.ParentId is not null && s.FramesDecoded >= 60, TimeSpan.FromSeconds(30));
        output.WriteLine($"player: {state}");
        await Screenshots.SaveAsync(page, "demo-player");
        Assert.True(state.FramesDecoded >= 60, $"the demo did not play: {state}\n{string.Join('\n', chromium.ConsoleLines)}\n{demo.Log}");
        Assert.NotNull(state.Hops);

        // Without abs-capture-time (as in a browser lacking setHeaderExtensionsToNegotiate) the latency comes from RTCP SR.
        var fallback = await chromium.NewPageAsync();
        await fallback.GotoAsync($"{demo.HttpBase}/watch/demo?abscapture=0");
        var srState = await PlayerState.WaitAsync(fallback, s => s.FramesDecoded >= 30 && s.LatencySource is not null, TimeSpan.FromSeconds(20));
        output.WriteLine($"without abs-capture-time: {srState}");
        // Only the source is asserted: through relays that write their own sender reports the figure is not
        // glass-to-glass (runs gave -2, 254 and 762 ms); docs/player.md says so.
        Assert.Equal("RTCP SR", srState.LatencySource);
        Assert.NotNull(srState.LatencyMs);
        await fallback.CloseAsync();

        // The status line counts the viewer.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        var counted = new System.Text.RegularExpressions.Regex(@"relays \d/3 attached \| viewers [12] ");
        while (!counted.IsMatch(demo.Log) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, cts.Token);
        }

        Assert.Matches(counted, demo.Log);

        // Ctrl+C: every node stops and the process exits by itself.
        using (var kill = Process.Start("kill", ["-INT", demo.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cts.Token);
        }

        deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!demo.HasExited && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, cts.Token);
        }

        output.WriteLine(demo.Log);
        Assert.True(demo.HasExited, "the demo did not stop on SIGINT");
        Assert.Contains("Demo stopped.", demo.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", demo.Log, StringComparison.Ordinal);
    }
}
