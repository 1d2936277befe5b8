using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.EndToEnd.Tests.Relay;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Player;

/// <summary>
/// The tracker-mode browser player when relays above it die, against real processes: a chain origin → relay-1 → … →
/// relay-6 (a <see cref="RelayChain"/>: every node has one slot, so the tracker has no choice) and Chromium
/// watching through the tracker, which can only place it under the bottom relay. The plan alternates two events:
/// <list type="bullet">
/// <item>kill -9 of the player's <b>grandparent</b>: its parent falls silent and heals (it is alive and answers
/// /healthz), so the player must stay where it is: no report that moves it, no reattachment;</item>
/// <item>kill -9 of the player's <b>parent</b>: the player must notice, confirm (its /healthz refuses), move to the
/// freed slot above, and show frames again soon (bounds below).</item>
/// </list>
/// Freezes are measured from the page's own presented-frame callbacks (<see cref="FrameClock"/>).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PlayerParentLossTests(ITestOutputHelper output)
{
    // Issue #4 asks for 1 s (p95). The player's own part — from the kill until it is connected to its next parent
    // (silence, /healthz, report, WHEP, ICE + DTLS), about 0.7 s — has a median bound of 1.2 s per run and 2 s for any
    // kill (at load averages of 45–68 one WHEP answer took 0.6 s and a stats tick 0.4 s). What follows until the first
    // frame is on screen was 40–110 ms from the origin and 300–900 ms from a relay until relays kept the SPS/PPS in their
    // GOP cache; since then 35–40 ms from a relay too, and freezes of 550–683 ms on an idle machine (docs/player.md).
    // The freeze as seen keeps looser bounds for a shared 2-core machine (load averages 35–50 in the runs): median
    // of a run below 1.6 s (the old 1.5 s silence limit alone gave 1.8 s and more), every kill below 2.5 s.
    private static readonly TimeSpan MedianReattachBound = TimeSpan.FromSeconds(1.2);
    private static readonly TimeSpan ReattachBound = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MedianFreezeBound = TimeSpan.FromSeconds(1.6);
    private static readonly TimeSpan FreezeBound = TimeSpan.FromSeconds(2.5);

    [Fact]
    public async Task ParentKilled_PlayerResumesWithinBound_GrandparentKilled_PlayerStays()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var chain = await RelayChain.StartAsync(Enumerable.Range(1, 6).Select(i => $"relay-{i}"), cts.Token);
        var bottom = (await chain.ReadTreeAsync(cts.Token)).Deepest();

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{chain.Tracker.HttpBase}/watch/demo");
        var state = await PlayerState.WaitAsync(page, s => s.ParentId is not null && s.FramesDecoded >= 60, TimeSpan.FromSeconds(30));
        Assert.True(state.Error is null && state.ParentId == bottom, $"player not under {bottom}: {state}\n{string.Join('\n', chromium.ConsoleLines)}");
        Assert.True(await FrameClock.InstallAsync(page), "no requestVideoFrameCallback in this Chromium");
        output.WriteLine($"chain: {string.Join(" → ", (await chain.ReadTreeAsync(cts.Token)).PathTo(state.PeerId!))}");

        var parentKills = new List<double>();
        var reattached = new List<double>();
        var stays = new List<double>();
        while (true)
        {
            var tree = await chain.ReadTreeAsync(cts.Token);
            var path = tree.PathTo(state.PeerId!);
            var parent = path[^2];
            if (!chain.Relays.ContainsKey(parent))
            {
                break; // the player sits under the origin now
            }

            var grandparent = path[^3];
            var killGrandparent = chain.Relays.ContainsKey(grandparent) && stays.Count == parentKills.Count;
            var victim = killGrandparent ? grandparent : parent;
            var before = await PlayerState.ReadAsync(page);
            var eventsBefore = await EventsAsync(page);
            var mark = await FrameClock.NowAsync(page);
            using (var process = Process.GetProcessById(chain.Relays[victim].ProcessId))
            {
                // SIGKILL to the relay itself, at once: NodeProcess.Kill walks the process tree first, which on the
                // loaded machine can take long enough to count against the player (the mark is taken before).
                process.Kill();
            }

            await chain.RemoveAsync(victim);

            if (killGrandparent)
            {
                // The parent heals under the next relay up; the player must keep it.
                await chain.WaitForTreeAsync(t => !t.Contains(victim) && t.IsAttached(parent), $"{parent} healed after {victim} died", cts.Token);
                await WaitForFramesAsync(page, mark, 60, cts.Token);
                var freeze = await FrameClock.LongestFreezeAfterAsync(page, mark);
                var after = await PlayerState.ReadAsync(page);
                var events = NewEvents(eventsBefore, await EventsAsync(page));
                output.WriteLine($"grandparent {victim} killed: player stayed on {after.ParentId}, longest freeze {freeze.LongestGapMs:F0} ms; player events: {string.Join(" | ", events)}");
                Assert.Equal(parent, after.ParentId);
                Assert.Equal(before.Reattachments, after.Reattachments);
                Assert.DoesNotContain(events, e => e.Contains("(insist)", StringComparison.Ordinal) || e.Contains("attaching to", StringComparison.Ordinal));
                Assert.Equal(parent, (await chain.ReadTreeAsync(cts.Token)).PathTo(state.PeerId!)[^2]);
                stays.Add(freeze.LongestGapMs);
            }
            else
            {
                var moved = await PlayerState.WaitAsync(page, s => s.ParentId is not null && s.ParentId != parent, TimeSpan.FromSeconds(20));
                Assert.True(moved.ParentId == grandparent, $"player did not move to {grandparent} after {parent} died: {moved}\n{string.Join('\n', chromium.ConsoleLines)}");
                await WaitForFramesAsync(page, mark, 60, cts.Token);
                var freeze = await FrameClock.LongestFreezeAfterAsync(page, mark);
                var events = NewEvents(eventsBefore, await EventsAsync(page));
                output.WriteLine($"parent {victim} killed: player moved to {moved.ParentId}; longest freeze {freeze.LongestGapMs:F0} ms, first frame {freeze.ResumedAfterMs:F0} ms after the kill; player events (page ms, kill at {mark:F0}): {string.Join(" | ", events)}");
                Assert.Contains(events, e => e.Contains("/healthz refused", StringComparison.Ordinal) || e.Contains("connection failed", StringComparison.Ordinal));
                var connected = events.Last(e => e.EndsWith($" connected to {grandparent}", StringComparison.Ordinal));
                reattached.Add(double.Parse(connected[..connected.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture) - mark);
                parentKills.Add(freeze.LongestGapMs);
            }
        }

        var timing = await page.EvaluateAsync<JsonElement>("() => { const t = window.streammesh.timing; return { ticks: t.ticks, skipped: t.skipped, errors: t.errors, lastError: t.lastError, late: [...t.lateMs].sort((a, b) => a - b) }; }");
        var late = timing.GetProperty("late").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"liveness tick (100 ms): {timing.GetProperty("ticks").GetInt32()} ticks, {timing.GetProperty("skipped").GetInt32()} skipped; lateness p50 {Quantile(late, 0.5):F1} ms, p95 {Quantile(late, 0.95):F1} ms, max {late.LastOrDefault():F1} ms"));
        output.WriteLine($"parent kills: kill → connected to the next parent {string.Join(", ", reattached.Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))} ms");
        output.WriteLine($"parent kills: freezes {string.Join(", ", parentKills.Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))} ms; grandparent kills (player stayed): {string.Join(", ", stays.Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))} ms; load average {File.ReadAllText("/proc/loadavg").Trim()}");

        Assert.True(timing.GetProperty("errors").GetInt32() == 0, $"the stats tick threw: {timing.GetProperty("lastError")}");
        Assert.True(parentKills.Count >= 3 && stays.Count >= 3, $"too few events staged: {parentKills.Count} parent kills, {stays.Count} grandparent kills");
        Assert.True(Quantile([.. reattached.Order()], 0.5) < MedianReattachBound.TotalMilliseconds, $"median time from a kill to the next parent ≥ {MedianReattachBound.TotalMilliseconds} ms: {string.Join(", ", reattached)}");
        Assert.All(reattached, r => Assert.True(r < ReattachBound.TotalMilliseconds, $"the player took {r:F0} ms from the kill to its next parent; {string.Join(", ", reattached)}"));
        var freezes = $"freezes: {string.Join(", ", parentKills.Select(f => f.ToString("F0", CultureInfo.InvariantCulture)))} ms";
        Assert.True(Quantile([.. parentKills.Order()], 0.5) < MedianFreezeBound.TotalMilliseconds, $"median freeze after a parent kill ≥ {MedianFreezeBound.TotalMilliseconds} ms; {freezes}");
        Assert.All(parentKills, f => Assert.True(f < FreezeBound.TotalMilliseconds, $"a parent kill froze the picture {f:F0} ms; {freezes}"));
    }

    private static async Task<string[]> EventsAsync(Microsoft.Playwright.IPage page) => await page.EvaluateAsync<string[]>("() => window.streammesh.events");

    // The event log keeps the last 50 entries; the new ones are those after the last entry seen before.
    private static string[] NewEvents(string[] before, string[] after)
    {
        if (before.Length == 0)
        {
            return after;
        }

        var last = Array.LastIndexOf(after, before[^1]);
        return after[(last + 1)..];
    }

    private static async Task WaitForFramesAsync(Microsoft.Playwright.IPage page, double mark, int frames, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && await FrameClock.FramesSinceAsync(page, mark) < frames)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    private static double Quantile(double[] sorted, double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Floor(q * sorted.Length))];
}
