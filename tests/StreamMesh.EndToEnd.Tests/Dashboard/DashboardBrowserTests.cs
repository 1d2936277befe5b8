using System.Diagnostics;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Dashboard;

/// <summary>
/// The tracker's dashboard in Chromium against real processes (tracker + origin + two relays): every node is drawn,
/// and when a relay is killed the page drops it without a reload (server-sent events). Screenshots of both states are
/// saved under artifacts/screenshots/ in the test output directory.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    [Fact]
    public async Task Dashboard_RunningTree_ShowsEveryNodeAndDropsAKilledRelay()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var tracker = await NodeProcess.StartAsync("tracker", ["--Tracker:HeartbeatIntervalSeconds=0.5", "--Tracker:HeartbeatTimeoutSeconds=2"], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "4", "--peer-id", "origin-a", "--site", "hq"], cts.Token);
        await using var relayA = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-a", "--site", "hq"], cts.Token);
        await using var relayB = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-b", "--site", "branch"], cts.Token);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{tracker.HttpBase}/dashboard");

        string[] all = ["origin-a", "relay-a", "relay-b"];
        await WaitForNodesAsync(page, all, [], TimeSpan.FromSeconds(30));
        Assert.Equal("live", await page.InnerTextAsync("#status"));
        var treeCard = await page.InnerTextAsync("#tree-kv");
        output.WriteLine($"tree card before: {treeCard.ReplaceLineEndings(" ")}");
        Assert.Contains("relays\t2", treeCard.Replace('\n', '\t'), StringComparison.Ordinal);

        // Edges carry the RTT the relays measured to their parent.
        var edgeLabels = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('svg [data-edge]')].map(e => e.dataset.edge + ' ' + e.textContent)");
        output.WriteLine($"edges: {string.Join(", ", edgeLabels)}");
        Assert.Contains(edgeLabels, e => e.StartsWith("origin-a>relay-", StringComparison.Ordinal) && e.EndsWith(" ms", StringComparison.Ordinal));
        await SaveScreenshotAsync(page, "dashboard-running-tree.png");

        var killedAt = Stopwatch.GetTimestamp();
        relayB.Kill();
        await WaitForNodesAsync(page, ["origin-a", "relay-a"], ["relay-b"], TimeSpan.FromSeconds(20));
        output.WriteLine($"relay-b disappeared from the page {Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds:F0} ms after the kill");
        var after = await page.InnerTextAsync("#tree-kv");
        Assert.Contains("relays\t1", after.Replace('\n', '\t'), StringComparison.Ordinal);
        Assert.Matches(@"leaves / min\t[1-9]", after.Replace('\n', '\t'));
        await SaveScreenshotAsync(page, "dashboard-relay-killed.png");
    }

    /// <summary>Waits until the SVG draws every id of <paramref name="present"/> and none of <paramref name="absent"/>.</summary>
    private static async Task WaitForNodesAsync(Microsoft.Playwright.IPage page, string[] present, string[] absent, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        string[] drawn = [];
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            drawn = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('svg g.node')].map(g => g.dataset.id).filter(Boolean)");
            if (present.All(drawn.Contains) && !absent.Any(drawn.Contains))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the dashboard drew [{string.Join(", ", drawn)}], expected [{string.Join(", ", present)}] without [{string.Join(", ", absent)}]");
    }

    private async Task SaveScreenshotAsync(Microsoft.Playwright.IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        var path = Path.Combine(Screenshots, name);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
