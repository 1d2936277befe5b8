using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StreamMesh.Mesh.Tracker;
using StreamMesh.Mesh.Tracker.Tickets;
using StreamMesh.Topology.Tree;
using static StreamMesh.Mesh.Tests.Tracker.TrackerRequests;

namespace StreamMesh.Mesh.Tests.Tracker;

public class TrackerApiTests
{
    [Fact]
    public async Task JoinProtocol_LandmarkRoundThenConfirm_AttachesWithVerifiableTicketAndShowsInTree()
    {
        await using TrackerServer server = await TrackerServer.StartAsync();
        await RegisterOriginAsync(server, "live", "origin-1", 2);
        JsonElement key = await server.JsonAsync(await server.Client.GetAsync("/api/tracker/key", TestTimeout.Token), 200);
        using TicketVerifier verifier = TicketVerifier.FromBase64(key.GetProperty("publicKey").GetString()!, server.Time);

        // Round 1: no coordinate, no probes → landmarks.
        var relay = new { peerId = "relay-1", role = "relay", capacity = 4, url = "http://127.0.0.1:9100" };
        JsonElement first = await server.PostJsonAsync("/api/streams/live/join", relay);
        Assert.True(first.GetProperty("landmarkRound").GetBoolean());
        Assert.Equal("origin-1", first.GetProperty("candidates")[0].GetProperty("peerId").GetString());
        string session = first.GetProperty("session").GetString()!;

        // Round 2: report the probe, get ranked candidates.
        JsonElement second = await server.PostJsonAsync("/api/streams/live/join", new
        {
            relay.peerId, relay.role, relay.capacity, relay.url, session,
            probes = new[] { new { peerId = "origin-1", rttMs = 40.0 } },
        });
        Assert.False(second.GetProperty("landmarkRound").GetBoolean());
        JsonElement top = second.GetProperty("candidates")[0];
        Assert.Equal("origin-1", top.GetProperty("peerId").GetString());
        Assert.Equal("measured", top.GetProperty("rttSource").GetString());
        Assert.Equal("http://127.0.0.1:9001/origin-1", top.GetProperty("url").GetString());

        JsonElement confirmed = await server.PostJsonAsync("/api/streams/live/confirm", new { relay.peerId, session, parents = new[] { "origin-1" } });
        Assert.Equal("origin-1", confirmed.GetProperty("parent").GetProperty("peerId").GetString());
        Assert.True(confirmed.GetProperty("parentChanged").GetBoolean());
        TicketVerification ticket = verifier.Verify(confirmed.GetProperty("ticket").GetString(), "origin-1", "live");
        Assert.True(ticket.IsValid, ticket.Status.ToString());
        Assert.Equal("relay-1", ticket.Claims!.ChildId);

        (JsonElement viewer, string viewerSession) = await AttachAsync(server, "live", TrackerRequests.Viewer("viewer-1", 5), parent: "relay-1");
        Assert.Equal(2, viewer.GetProperty("depth").GetInt32());
        JsonElement beat = await server.PostJsonAsync("/api/streams/live/heartbeat", new
        {
            peerId = "viewer-1", session = viewerSession, parentRttMs = 12.5,
            stats = new { receiveKbps = 2500.0, sendKbps = 0.0, lossFraction = 0.001, jitterMs = 2.0 },
        });
        Assert.False(beat.GetProperty("parentChanged").GetBoolean());
        Assert.Equal(JsonValueKind.Null, beat.GetProperty("ticket").ValueKind);

        JsonElement tree = await server.JsonAsync(await server.Client.GetAsync("/api/streams/live/tree", TestTimeout.Token), 200);
        JsonElement[] nodes = [.. tree.GetProperty("nodes").EnumerateArray()];
        Assert.Equal(["origin-1", "relay-1", "viewer-1"], nodes.Select(n => n.GetProperty("id").GetString()));
        JsonElement relayNode = nodes[1];
        Assert.Equal("relay", relayNode.GetProperty("role").GetString());
        Assert.Equal("origin-1", relayNode.GetProperty("parent").GetString());
        Assert.Equal(1, relayNode.GetProperty("depth").GetInt32());
        Assert.Equal(40.0, relayNode.GetProperty("rttToParentMs").GetDouble());
        Assert.True(relayNode.GetProperty("rttMeasured").GetBoolean());
        Assert.Equal(20.0, relayNode.GetProperty("pathLatencyMs").GetDouble());
        Assert.Equal(0.25, relayNode.GetProperty("load").GetDouble());
        Assert.Equal(["viewer-1"], relayNode.GetProperty("children").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(26.25, nodes[2].GetProperty("pathLatencyMs").GetDouble());
        Assert.Equal("internet", nodes[2].GetProperty("site").GetString());
    }

    [Fact]
    public async Task Join_UnknownStream_404WithClearMessage()
    {
        await using TrackerServer server = await TrackerServer.StartAsync();

        HttpResponseMessage response = await server.PostAsync("/api/streams/nope/join", TrackerRequests.Viewer("v", 1));

        JsonElement problem = await server.JsonAsync(response, 404);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("stream 'nope' does not exist", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_DuplicatePeerId_409AndTreeUnchanged()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 4);
        await AttachAsync(server, "live", TrackerRequests.Viewer("v", 1));
        await server.PostJsonAsync("/api/streams/live/join", TrackerRequests.Viewer("pending", 1));
        string before = await server.TreeTextAsync("live");

        JsonElement attached = await server.JsonAsync(await server.PostAsync("/api/streams/live/join", TrackerRequests.Viewer("v", 1)), 409);
        JsonElement pending = await server.JsonAsync(await server.PostAsync("/api/streams/live/join", TrackerRequests.Viewer("pending", 1)), 409);
        JsonElement origin = await server.JsonAsync(await server.PostAsync("/api/streams/live/origins", TrackerRequests.Origin("v", 2)), 409);

        Assert.Contains("already in stream", Detail(attached), StringComparison.Ordinal);
        Assert.Contains("in use by another joiner", Detail(pending), StringComparison.Ordinal);
        Assert.Contains("already part of stream", Detail(origin), StringComparison.Ordinal);
        Assert.Equal(before, await server.TreeTextAsync("live"));
    }

    [Fact]
    public async Task Confirm_TakenSlot_NextCandidateOrConflict()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 2);
        await AttachAsync(server, "live", Relay("relay-1", 1, 10), parent: "origin-1");
        JsonElement a = await server.PostJsonAsync("/api/streams/live/join", TrackerRequests.Viewer("a", 1));
        JsonElement b = await server.PostJsonAsync("/api/streams/live/join", TrackerRequests.Viewer("b", 1));
        JsonElement c = await server.PostJsonAsync("/api/streams/live/join", TrackerRequests.Viewer("c", 1));

        // origin-1's last slot is kept for relays while relay-1 has room: a gets relay-1 instead, not an error.
        JsonElement lost = await server.PostJsonAsync("/api/streams/live/confirm", ConfirmBody("a", a, "origin-1"));
        Assert.True(lost.GetProperty("lostRace").GetBoolean());
        Assert.Equal("relay-1", lost.GetProperty("parent").GetProperty("peerId").GetString());

        // With relay-1 full, b may take origin-1's reserved slot.
        JsonElement reserved = await server.PostJsonAsync("/api/streams/live/confirm", ConfirmBody("b", b, "origin-1"));
        Assert.False(reserved.GetProperty("lostRace").GetBoolean());
        Assert.Equal("origin-1", reserved.GetProperty("parent").GetProperty("peerId").GetString());

        // c finds every slot taken.
        string before = await server.TreeTextAsync("live");
        JsonElement full = await server.JsonAsync(await server.PostAsync("/api/streams/live/confirm", ConfirmBody("c", c, "origin-1")), 409);
        Assert.Contains("free slot", Detail(full), StringComparison.Ordinal);
        Assert.Equal(before, await server.TreeTextAsync("live"));
    }

    [Fact]
    public async Task Heartbeat_UnknownPeerOrWrongSession_4xxAndTreeUnchanged()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 4);
        await AttachAsync(server, "live", TrackerRequests.Viewer("v", 1));
        string before = await server.TreeTextAsync("live");

        JsonElement unknown = await server.JsonAsync(await server.PostAsync("/api/streams/live/heartbeat", new { peerId = "ghost", session = "x" }), 404);
        JsonElement wrong = await server.JsonAsync(await server.PostAsync("/api/streams/live/heartbeat", new { peerId = "v", session = "not-the-session", parentRttMs = 99.0 }), 403);
        await server.JsonAsync(await server.PostAsync("/api/streams/live/leave", new { peerId = "v", session = "not-the-session" }), 403);

        Assert.Contains("'ghost' is not part of stream 'live'", Detail(unknown), StringComparison.Ordinal);
        Assert.Contains("session", Detail(wrong), StringComparison.Ordinal);
        Assert.Equal(before, await server.TreeTextAsync("live"));
    }

    [Theory]
    [InlineData("{", "Malformed JSON")]
    [InlineData("[]", "Malformed JSON")]
    [InlineData("null", "Malformed JSON")]
    [InlineData("", "Empty body")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"bogus\":1}", "bogus")]
    [InlineData("{\"role\":\"viewer\"}", "peerId")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"capacity\":\"0\"}", "Malformed JSON")]
    [InlineData("{\"peerId\":\"v\",\"peerId\":\"w\",\"role\":\"viewer\"}", "Malformed JSON")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"emperor\"}", "Malformed JSON")]
    [InlineData("{\"peerId\":null,\"role\":\"viewer\"}", "Malformed JSON")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"probes\":[{\"peerId\":\"origin-1\",\"rttMs\":NaN}]}", "Malformed JSON")]
    public async Task Join_MalformedJson_400WithProblemAndTreeUnchanged(string body, string expected)
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 4);

        JsonElement problem = await RefusedJoinAsync(server, body, 400);

        Assert.Contains(expected, problem.GetProperty("title").GetString() + " " + Detail(problem), StringComparison.Ordinal);
        Assert.DoesNotContain("StreamMesh.", Detail(problem), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"peerId\":\"r\",\"role\":\"relay\",\"capacity\":-1,\"url\":\"http://127.0.0.1:1\"}", "capacity")]
    [InlineData("{\"peerId\":\"r\",\"role\":\"relay\",\"capacity\":10000001,\"url\":\"http://127.0.0.1:1\"}", "capacity")]
    [InlineData("{\"peerId\":\"r\",\"role\":\"relay\",\"capacity\":4}", "url")]
    [InlineData("{\"peerId\":\"r\",\"role\":\"relay\",\"capacity\":4,\"url\":\"javascript:alert(1)\"}", "url")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"capacity\":3}", "capacity 0")]
    [InlineData("{\"peerId\":\"bad id!\",\"role\":\"viewer\"}", "peer id")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"origin\",\"capacity\":3}", "origins register")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"probes\":[{\"peerId\":\"origin-1\",\"rttMs\":-5}]}", "RTT")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"coordinate\":{\"x\":1e9,\"y\":0,\"height\":1}}", "coordinate")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"coordinate\":{\"x\":1,\"y\":0,\"height\":-1}}", "coordinate")]
    [InlineData("{\"peerId\":\"v\",\"role\":\"viewer\",\"site\":\"no spaces allowed\"}", "site")]
    public async Task Join_OutOfRangeValues_422WithReasonAndTreeUnchanged(string body, string expected)
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 4);

        JsonElement problem = await RefusedJoinAsync(server, body, 422);

        Assert.Contains(expected, Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WrongContentTypeOrOversizedBody_415And413()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 4);

        await server.JsonAsync(await server.PostRawAsync("/api/streams/live/join", "{}", "text/plain"), 415);
        string huge = "{\"peerId\":\"v\",\"role\":\"viewer\",\"site\":\"" + new string('a', 100_000) + "\"}";
        JsonElement tooLarge = await server.JsonAsync(await server.PostRawAsync("/api/streams/live/join", huge), 413);

        Assert.Contains("65536 bytes", Detail(tooLarge), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_BadStreamName_400()
    {
        await using TrackerServer server = await TrackerServer.StartAsync();

        JsonElement problem = await server.JsonAsync(await server.PostAsync("/api/streams/bad!name/origins", TrackerRequests.Origin("o", 2)), 400);

        Assert.Contains("stream names", Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TicketsVerify_ForgedExpiredReplayedOrMisaddressed_4xx()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 4);
        (JsonElement assignment, _) = await AttachAsync(server, "live", TrackerRequests.Viewer("v", 1));
        string ticket = assignment.GetProperty("ticket").GetString()!;
        using TicketIssuer forger = TicketIssuer.CreateEphemeral();
        string forged = forger.Issue("live", "v", "origin-1", server.Time.GetUtcNow().AddMinutes(5));

        JsonElement bad = await VerifyTicketAsync(server, forged, "origin-1", 403);
        JsonElement garbage = await VerifyTicketAsync(server, "x.y.z", "origin-1", 400);
        JsonElement misaddressed = await VerifyTicketAsync(server, ticket, "relay-9", 403);
        JsonElement ok = await VerifyTicketAsync(server, ticket, "origin-1", 200);
        JsonElement replay = await VerifyTicketAsync(server, ticket, "origin-1", 409);

        Assert.Contains("forged", Detail(bad), StringComparison.Ordinal);
        Assert.Contains("ES256", Detail(garbage), StringComparison.Ordinal);
        Assert.Contains("'origin-1', not 'relay-9'", Detail(misaddressed), StringComparison.Ordinal);
        Assert.Equal("v", ok.GetProperty("childId").GetString());
        Assert.Contains("single-use", Detail(replay), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TicketsVerify_AfterLifetime_403Expired()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 4, new()
        {
            Topology = TopologyOptions.Default with { HeartbeatTimeout = TimeSpan.FromMinutes(10) },
            TicketLifetime = TimeSpan.FromSeconds(30),
        });
        (JsonElement assignment, _) = await AttachAsync(server, "live", TrackerRequests.Viewer("v", 1));
        server.Time.Advance(TimeSpan.FromSeconds(40));

        JsonElement expired = await VerifyTicketAsync(server, assignment.GetProperty("ticket").GetString()!, "origin-1", 403);

        Assert.Equal("Expired ticket", expired.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Leave_ParentWithChild_ChildMovedAndNextHeartbeatCarriesNewTicket()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 2);
        (string r1Session, JsonElement viewer, string viewerSession) = await TwoRelaysAndViewerUnderFirstAsync(server);
        Assert.Equal("relay-2", viewer.GetProperty("backups")[0].GetProperty("peerId").GetString());

        JsonElement left = await server.PostJsonAsync("/api/streams/live/leave", new { peerId = "relay-1", session = r1Session });
        JsonElement beat = await server.PostJsonAsync("/api/streams/live/heartbeat", new { peerId = "v", session = viewerSession });

        Assert.Equal(1, left.GetProperty("childrenMoved").GetInt32());
        Assert.Equal("relay-2", beat.GetProperty("parent").GetProperty("peerId").GetString());
        Assert.True(beat.GetProperty("parentChanged").GetBoolean());
        Assert.False(string.IsNullOrEmpty(beat.GetProperty("ticket").GetString()));
        await server.JsonAsync(await server.PostAsync("/api/streams/live/heartbeat", new { peerId = "relay-1", session = r1Session }), 404);
    }

    [Fact]
    public async Task Unreachable_ParentLost_MovedToBackupWithTicket()
    {
        await using TrackerServer server = await StartWithOriginAsync(capacity: 2);
        (_, _, string session) = await TwoRelaysAndViewerUnderFirstAsync(server);

        JsonElement moved = await server.PostJsonAsync("/api/streams/live/unreachable", new { peerId = "v", session, unreachable = new[] { "relay-1" }, reachable = new[] { "relay-2" } });

        Assert.Equal("relay-2", moved.GetProperty("parent").GetProperty("peerId").GetString());
        Assert.True(moved.GetProperty("parentChanged").GetBoolean());
        Assert.False(string.IsNullOrEmpty(moved.GetProperty("ticket").GetString()));
    }

    [Fact]
    public async Task RegisterOrigin_TokenConfigured_401WithoutIt()
    {
        await using TrackerServer server = await TrackerServer.StartAsync(new() { OriginToken = "0123456789abcdef-secret" });

        await server.JsonAsync(await server.PostAsync("/api/streams/live/origins", TrackerRequests.Origin("o", 2)), 401);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/streams/live/origins") { Content = JsonContent.Create(TrackerRequests.Origin("o", 2)) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "0123456789abcdef-secret");
        HttpResponseMessage ok = await server.Client.SendAsync(request, TestTimeout.Token);

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
    }

    [Fact]
    public async Task ListStreams_AfterRegistration_ListsStream()
    {
        await using TrackerServer server = await TrackerServer.StartAsync();
        await RegisterOriginAsync(server, "concert", "origin-1", 2);

        JsonElement list = await server.JsonAsync(await server.Client.GetAsync("/api/streams", TestTimeout.Token), 200);

        JsonElement entry = Assert.Single(list.EnumerateArray());
        Assert.Equal("concert", entry.GetProperty("stream").GetString());
        Assert.Equal(1, entry.GetProperty("origins").GetInt32());
    }

    /// <summary>A tracker with "origin-1" registered on stream "live" with <paramref name="capacity"/> slots.</summary>
    private static async Task<TrackerServer> StartWithOriginAsync(int capacity, TrackerOptions? options = null)
    {
        TrackerServer server = await TrackerServer.StartAsync(options);
        try
        {
            await RegisterOriginAsync(server, "live", "origin-1", capacity);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Under origin-1: relay-1 (x = 10) and relay-2 (x = 20), two slots each, and viewer "v" (x = 11) confirmed
    /// under relay-1, so relay-2 is its backup. Returns relay-1's session and the viewer's assignment and session.
    /// </summary>
    private static async Task<(string Relay1Session, JsonElement Viewer, string ViewerSession)> TwoRelaysAndViewerUnderFirstAsync(TrackerServer server)
    {
        (_, string relay1Session) = await AttachAsync(server, "live", Relay("relay-1", 2, 10), parent: "origin-1");
        await AttachAsync(server, "live", Relay("relay-2", 2, 20), parent: "origin-1");
        (JsonElement viewer, string viewerSession) = await AttachAsync(server, "live", TrackerRequests.Viewer("v", 11), parent: "relay-1");
        return (relay1Session, viewer, viewerSession);
    }

    /// <summary>
    /// Posts <paramref name="body"/> as a raw join on "live", asserts the <paramref name="expectedStatus"/> answer is a
    /// problem+json document and that the tree is as it was; returns the problem.
    /// </summary>
    private static async Task<JsonElement> RefusedJoinAsync(TrackerServer server, string body, int expectedStatus)
    {
        string before = await server.TreeTextAsync("live");
        HttpResponseMessage response = await server.PostRawAsync("/api/streams/live/join", body);
        JsonElement problem = await server.JsonAsync(response, expectedStatus);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await server.TreeTextAsync("live"));
        return problem;
    }

    /// <summary>Confirm body choosing <paramref name="parent"/> for the joiner whose join answer is <paramref name="offer"/>.</summary>
    private static object ConfirmBody(string peerId, JsonElement offer, string parent) =>
        new { peerId, session = offer.GetProperty("session").GetString(), parents = new[] { parent } };

    private static async Task<JsonElement> VerifyTicketAsync(TrackerServer server, string ticket, string parentId, int expectedStatus) =>
        await server.JsonAsync(await server.PostAsync("/api/streams/live/tickets/verify", new { ticket, parentId }), expectedStatus);
}
