using System.Net;
using System.Text;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Relay;

/// <summary>
/// Tracker, origin and relay as separate processes: the relay joins through the tracker, attaches to
/// the origin with a ticket, and republishes without decoding; Chromium plays through the relay hop.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RelayTreeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Relay_JoinsThroughTracker_ChromiumPlaysThroughItWithATicket()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var tracker = await NodeProcess.StartAsync("tracker", [], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "1", "--peer-id", "origin-a"], cts.Token);
        await using var relay = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--site", "hq", "--peer-id", "relay-1"], cts.Token);

        using var http = new HttpClient();
        var client = new TrackerClient(http, new Uri(tracker.HttpBase + "/"));

        // Without a ticket the relay refuses, and says why.
        using (var refused = await http.PostAsync(new Uri($"{relay.HttpBase}/whep/demo"), new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp"), cts.Token))
        {
            output.WriteLine($"no ticket → {(int)refused.StatusCode}: {(await refused.Content.ReadAsStringAsync(cts.Token)).Trim()}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // A viewer joins: the origin's one slot is the relay's, so the tracker sends it to the relay.
        var joined = await client.JoinAsync("demo", new JoinRequestDto { PeerId = "viewer-1", Role = TrackerPeerRole.Viewer }, cts.Token);
        Assert.Contains(joined.Candidates, c => c.PeerId == "relay-1");
        var assignment = await client.ConfirmAsync("demo", new ConfirmRequestDto { PeerId = "viewer-1", Session = joined.Session, Parents = ["relay-1"] }, cts.Token);
        Assert.Equal("relay-1", assignment.Parent?.PeerId);
        Assert.NotNull(assignment.Ticket);

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{relay.HttpBase}/watch/demo?ticket={Uri.EscapeDataString(assignment.Ticket!)}");
        var stats = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 60 && s.AudioSamplesReceived > 0, TimeSpan.FromSeconds(20));
        output.WriteLine($"through the relay: {stats}");
        Assert.True(stats.Error is null, $"player error: {stats.Error}\n{relay.Log}");
        Assert.True(stats.FramesDecoded >= 60, $"only {stats.FramesDecoded} frames decoded through the relay\n{relay.Log}");
        Assert.True(stats.AudioSamplesReceived > 0);

        // A ticket is single-use.
        using (var reused = new HttpRequestMessage(HttpMethod.Post, new Uri($"{relay.HttpBase}/whep/demo")))
        {
            reused.Content = new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp");
            reused.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", assignment.Ticket);
            using var response = await http.SendAsync(reused, cts.Token);
            output.WriteLine($"reused ticket → {(int)response.StatusCode}: {(await response.Content.ReadAsStringAsync(cts.Token)).Trim()}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // The origin's egress stays at one child (the relay) however many viewers the relay serves.
        Assert.Equal(1, await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_sessions"));
        Assert.Equal(1, await NodeMetricsReader.ReadAsync(relay.HttpBase, "streammesh_whep_sessions"));
    }
}
