using System.Net;
using System.Net.Http.Headers;
using System.Text;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tracker.Tickets;
using StreamMesh.Mesh.Tree;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Trust;

/// <summary>
/// Issue 7 acceptance, with real processes: a tracker with a private stream, node keys and an admin token; an origin;
/// a relay with the right node key and one with a wrong key; a headless viewer (streammesh view) watching with a
/// ticket it earned with a viewer token from streammesh token. While it watches, every refusal is provoked, and the
/// viewer keeps receiving throughout.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TrustRefusalsTests(ITestOutputHelper output)
{
    private const string OperatorKey = "e2e-operator-viewer-token-key-0123456789";
    private const string NodeKey = "e2e-relay-node-key-0123456789";
    private const string AdminToken = "e2e-admin-token-0123456789";

    [Fact]
    public async Task Refusals_NoExpiredOrOtherStreamToken_ForgedOrReusedTicket_WrongNodeKey_NoAdminToken_RunningViewerUndisturbed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var tracker = await NodeProcess.StartAsync("tracker",
            ["--viewer-token-key", OperatorKey, "--private-streams", "demo", "--node-keys", NodeKey, "--admin-token", AdminToken], cts.Token);
        await using var origin = await NodeProcess.StartAsync("origin",
            ["--source", "testsrc", "--stream", "demo", "--tracker", tracker.HttpBase, "--max-children", "4", "--peer-id", "origin-a"], cts.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var client = new TrackerClient(http, new Uri(tracker.HttpBase + "/"));

        // The origin registers with the tracker in the background; wait until the stream exists there.
        await WaitForAsync(async () => (await client.ListStreamsAsync(cts.Token)).Any(s => s.Stream == "demo" && s.Origins > 0), TimeSpan.FromSeconds(20), cts.Token);

        // The operator mints a viewer token with the CLI; the viewer joins with it and gets a ticket for the origin.
        (int exit, string stdout, string stderr) = await StreammeshCli.RunAsync(["token", "--key", OperatorKey, "--stream", "demo", "--ttl", "10m", "--group", "staff"], cts.Token);
        Assert.True(exit == 0, stderr);
        string token = stdout.Trim();
        var joined = await client.JoinAsync("demo", new JoinRequestDto { PeerId = "viewer-ok", Role = TrackerPeerRole.Viewer, Token = token }, cts.Token);
        var assignment = await client.ConfirmAsync("demo", new ConfirmRequestDto { PeerId = "viewer-ok", Session = joined.Session, Parents = ["origin-a"] }, cts.Token);
        Assert.Equal("origin-a", assignment.Parent?.PeerId);
        string ticket = assignment.Ticket!;

        await using var viewer = ViewerProcess.Start(["--whep", $"{origin.HttpBase}/whep/demo", "--token", ticket, "--duration", "40s"]);
        await viewer.WaitForFramesAsync(30, TimeSpan.FromSeconds(30), cts.Token);
        long framesBefore = viewer.Frames;
        output.WriteLine($"viewer receiving: {framesBefore} frames before the refusals");

        // 1. Viewers without a token, with an expired one, with one for another stream: refused at join.
        var key = new ViewerTokenKey(OperatorKey, TimeProvider.System);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await ExpectJoinRefusedAsync(client, null, HttpStatusCode.Unauthorized, "private", cts.Token);
        await ExpectJoinRefusedAsync(client, key.Issue(new ViewerTokenClaims("demo", now.AddMinutes(-5))), HttpStatusCode.Forbidden, "expired", cts.Token);
        await ExpectJoinRefusedAsync(client, key.Issue(new ViewerTokenClaims("other", now.AddMinutes(5))), HttpStatusCode.Forbidden, "'other', not 'demo'", cts.Token);
        await ExpectJoinRefusedAsync(client, new ViewerTokenKey("an-attackers-own-key-0123456789abcdef", TimeProvider.System).Issue(new ViewerTokenClaims("demo", now.AddMinutes(5))), HttpStatusCode.Forbidden, "does not verify", cts.Token);

        // 2. A child with a forged ticket (signed by another key) or with the viewer's already used ticket: refused at the origin.
        using (var rogue = TicketIssuer.CreateEphemeral())
        {
            await ExpectAttachRefusedAsync(http, origin.HttpBase, rogue.Issue("demo", "intruder", "origin-a", now.AddSeconds(30)), "BadSignature", cts.Token);
        }

        await ExpectAttachRefusedAsync(http, origin.HttpBase, ticket, "Replayed", cts.Token);
        await ExpectAttachRefusedAsync(http, origin.HttpBase, null, "ticket from the tracker is required", cts.Token);

        // 3. Relays: the right node key joins and relays; a wrong key cannot register as a relay.
        await using var goodRelay = await NodeProcess.StartAsync("relay", ["--tracker", tracker.HttpBase, "--peer-id", "relay-good", "--node-key", NodeKey], cts.Token);
        string badLog;
        await using (var badRelay = StreammeshCli.StartUnchecked(
            ["relay", "--tracker", tracker.HttpBase, "--peer-id", "relay-bad", "--node-key", "wrong-node-key-0123456789", "--http", $"127.0.0.1:{NodeProcess.FreeTcpPort()}"]))
        {
            try
            {
                await WaitForAsync(async () => await TrackerMetricAsync(http, tracker.HttpBase, "streammesh_tracker_node_keys_total{result=\"refused\"}") >= 1, TimeSpan.FromSeconds(20), cts.Token);
            }
            finally
            {
                await badRelay.KillAsync();
                badLog = badRelay.Output.Text;
            }
        }

        output.WriteLine($"relay with a wrong key logged: {badLog.Split('\n').FirstOrDefault(l => l.Contains("401", StringComparison.Ordinal))?.Trim()}");
        Assert.Contains("401", badLog, StringComparison.Ordinal);

        // 4. The admin API without the token: 401; with it, the tree shows the good relay and never the bad one.
        foreach (string path in (string[])["/api/streams/demo/tree", "/dashboard", "/api/dashboard/streams", "/api/admin/streams"])
        {
            using HttpResponseMessage refused = await http.GetAsync(new Uri(tracker.HttpBase + path), cts.Token);
            output.WriteLine($"GET {path} without the admin token → {(int)refused.StatusCode}");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var authorized = new HttpRequestMessage(HttpMethod.Get, new Uri(tracker.HttpBase + "/api/streams/demo/tree")))
        {
            authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using HttpResponseMessage tree = await http.SendAsync(authorized, cts.Token);
            string text = await tree.Content.ReadAsStringAsync(cts.Token);
            Assert.Equal(HttpStatusCode.OK, tree.StatusCode);
            Assert.Contains("\"relay-good\"", text, StringComparison.Ordinal);
            Assert.DoesNotContain("relay-bad", text, StringComparison.Ordinal);
        }

        // None of it disturbed the viewer: it kept receiving, on the same session, to the end of its run.
        await viewer.WaitForFramesAsync(framesBefore + 60, TimeSpan.FromSeconds(15), cts.Token);
        output.WriteLine($"viewer after the refusals: {viewer.Frames} frames");
        Assert.True(await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_sessions") >= 1);
        Assert.True(await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_tickets_refused_total") >= 3);
        Assert.Equal(1, await TrackerMetricAsync(http, tracker.HttpBase, "streammesh_tracker_viewer_tokens_total{result=\"missing\"}"));
        Assert.Equal(1, await TrackerMetricAsync(http, tracker.HttpBase, "streammesh_tracker_viewer_tokens_total{result=\"expired\"}"));
        Assert.Equal(1, await TrackerMetricAsync(http, tracker.HttpBase, "streammesh_tracker_viewer_tokens_total{result=\"wrong_stream\"}"));
        Assert.Equal(4, await TrackerMetricAsync(http, tracker.HttpBase, "streammesh_limit_refusals_total{limit=\"admin_token\"}"));
        int code = await viewer.WaitForExitAsync(cts.Token);
        output.WriteLine(viewer.Output.Split('\n').LastOrDefault(l => l.Contains("Watched", StringComparison.Ordinal)) ?? viewer.Output);
        Assert.True(code == 0, $"viewer exit {code}:\n{viewer.Output}");
        Assert.Contains("duration", viewer.Output, StringComparison.OrdinalIgnoreCase);
    }

    private async Task ExpectJoinRefusedAsync(TrackerClient client, string? token, HttpStatusCode expected, string reason, CancellationToken cancellationToken)
    {
        var ex = await Assert.ThrowsAsync<TrackerRequestException>(() =>
            client.JoinAsync("demo", new JoinRequestDto { PeerId = "viewer-" + Guid.NewGuid().ToString("N")[..8], Role = TrackerPeerRole.Viewer, Token = token }, cancellationToken));
        output.WriteLine($"join with {(token is null ? "no token" : "token")} → {ex.Message}");
        Assert.Equal(expected, ex.Status);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    private async Task ExpectAttachRefusedAsync(HttpClient http, string originBase, string? ticket, string reason, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{originBase}/whep/demo"))
        {
            Content = new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp"),
        };
        if (ticket is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ticket);
        }

        using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
        string text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        output.WriteLine($"attach with {(ticket is null ? "no ticket" : "a ticket")} → {(int)response.StatusCode}: {text}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(reason, text, StringComparison.Ordinal);
    }

    private static async Task<double> TrackerMetricAsync(HttpClient http, string trackerBase, string sample)
    {
        string text = await http.GetStringAsync(new Uri(trackerBase + "/metrics"));
        string? line = text.Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        return line is null ? throw new InvalidOperationException($"{sample} not in:\n{text}") : double.Parse(line[(sample.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not reached in time");
            }

            await Task.Delay(250, cancellationToken);
        }
    }
}
