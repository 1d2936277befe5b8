using Microsoft.Extensions.Configuration;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using StreamMesh.Mesh.Security;
using StreamMesh.Mesh.Tests.Tracker;
using StreamMesh.Mesh.Tracker;
using static StreamMesh.Mesh.Tests.Tracker.TrackerRequests;

namespace StreamMesh.Mesh.Tests.Security;

/// <summary>Admission at the tracker's join over real HTTP: viewer tokens for private streams, node keys for relays.</summary>
public class TrackerAccessTests
{
    private const string OperatorKey = "operator-viewer-token-key-0123456789";
    private const string NodeKey = "relay-node-key-0123456789";

    private static TrackerOptions Options => new()
    {
        MaintenanceInterval = TimeSpan.FromSeconds(1),
        Access = new TrackerAccessOptions { ViewerTokenKeys = [OperatorKey], PrivateStreams = ["concert"], NodeKeys = [NodeKey] },
    };

    [Fact]
    public async Task Join_PrivateStreamWithoutToken_401AndTreeUnchanged()
    {
        await using TrackerServer server = await TrackerServer.StartAsync(Options);
        await RegisterOriginAsync(server, "concert", "origin-1", 4);
        string before = await server.TreeTextAsync("concert");

        JsonElement problem = await server.PostJsonAsync("/api/streams/concert/join", TrackerRequests.Viewer("viewer-1", 1), 401);

        Assert.Contains("private", Detail(problem), StringComparison.Ordinal);
        Assert.Equal(before, await server.TreeTextAsync("concert"));
        Assert.Equal(1, server.Service.Access.Counters.ViewerTokenRefusals(ViewerTokenStatus.Missing));
    }

    [Theory]
    [InlineData("expired", "expired")]
    [InlineData("other-stream", "'lobby', not 'concert'")]
    [InlineData("forged", "does not verify")]
    public async Task Join_PrivateStreamWithBadToken_403WithReason(string kind, string expectedDetail)
    {
        await using TrackerServer server = await TrackerServer.StartAsync(Options);
        await RegisterOriginAsync(server, "concert", "origin-1", 4);
        DateTimeOffset now = server.Time.GetUtcNow();
        string token = kind switch
        {
            "expired" => Mint(server, "concert", now.AddMinutes(-5)),
            "other-stream" => Mint(server, "lobby", now.AddHours(1)),
            _ => new ViewerTokenKey("someone-elses-key-0123456789abcdefgh", server.Time).Issue(new ViewerTokenClaims("concert", now.AddHours(1))),
        };

        JsonElement problem = await server.PostJsonAsync("/api/streams/concert/join", new { peerId = "viewer-1", role = "viewer", token }, 403);

        Assert.Contains(expectedDetail, Detail(problem), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_PrivateStreamWithValidToken_AttachesAndTokenSitePinsTheSite()
    {
        await using TrackerServer server = await TrackerServer.StartAsync(Options);
        await RegisterOriginAsync(server, "concert", "origin-1", 4);
        string token = new ViewerTokenKey(OperatorKey, server.Time).Issue(new ViewerTokenClaims("concert", server.Time.GetUtcNow().AddHours(1), Site: "hq"));

        JsonElement offer = await server.PostJsonAsync("/api/streams/concert/join", new { peerId = "viewer-1", role = "viewer", token });
        JsonElement wrongSite = await server.PostJsonAsync("/api/streams/concert/join", new { peerId = "viewer-2", role = "viewer", token, site = "branch" }, 403);

        Assert.Equal("hq", offer.GetProperty("site").GetString());
        Assert.Contains("site 'hq'", Detail(wrongSite), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Join_OpenStream_NeedsNoToken()
    {
        await using TrackerServer server = await TrackerServer.StartAsync(Options);
        await RegisterOriginAsync(server, "lobby", "origin-1", 4);

        (JsonElement assignment, _) = await AttachAsync(server, "lobby", TrackerRequests.Viewer("viewer-1", 1));

        Assert.Equal("origin-1", assignment.GetProperty("parent").GetProperty("peerId").GetString());
    }

    [Fact]
    public async Task Join_StreamGroups_TokenOfOtherGroupRefused()
    {
        TrackerOptions options = Options with
        {
            Access = Options.Access with { StreamGroups = new Dictionary<string, IReadOnlyList<string>> { ["concert"] = ["staff"] } },
        };
        await using TrackerServer server = await TrackerServer.StartAsync(options);
        await RegisterOriginAsync(server, "concert", "origin-1", 4);
        var key = new ViewerTokenKey(OperatorKey, server.Time);
        DateTimeOffset until = server.Time.GetUtcNow().AddHours(1);

        await server.PostJsonAsync("/api/streams/concert/join", new { peerId = "v-press", role = "viewer", token = key.Issue(new ViewerTokenClaims("concert", until, Group: "press")) }, 403);
        await server.PostJsonAsync("/api/streams/concert/join", new { peerId = "v-staff", role = "viewer", token = key.Issue(new ViewerTokenClaims("concert", until, Group: "staff")) });
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-node-key-0123456789")]
    public async Task Join_RelayWithoutOrWithWrongNodeKey_401(string? bearer)
    {
        await using TrackerServer server = await TrackerServer.StartAsync(Options);
        await RegisterOriginAsync(server, "lobby", "origin-1", 4);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/streams/lobby/join") { Content = JsonContent.Create(Relay("relay-1", 4, 1)) };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        JsonElement problem = await server.JsonAsync(await server.Client.SendAsync(request, TestTimeout.Token), 401);

        Assert.Contains("node key", Detail(problem), StringComparison.Ordinal);
        Assert.DoesNotContain("relay-1", await server.TreeTextAsync("lobby"), StringComparison.Ordinal);
        Assert.Equal(1, server.Service.Access.Counters.NodeKeyRefusals);
    }

    [Fact]
    public async Task Join_RelayWithNodeKey_JoinsPrivateStreamWithoutViewerToken()
    {
        await using TrackerServer server = await TrackerServer.StartAsync(Options);
        await RegisterOriginAsync(server, "concert", "origin-1", 4);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/streams/concert/join") { Content = JsonContent.Create(Relay("relay-1", 4, 1)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", NodeKey);
        JsonElement offer = await server.JsonAsync(await server.Client.SendAsync(request, TestTimeout.Token), 200);

        Assert.Equal("relay-1", offer.GetProperty("peerId").GetString());
    }

    [Fact]
    public async Task Join_RelayOnPrivateStreamWithoutNodeKeysConfigured_NeedsViewerToken()
    {
        TrackerOptions options = Options with { Access = Options.Access with { NodeKeys = [] } };
        await using TrackerServer server = await TrackerServer.StartAsync(options);
        await RegisterOriginAsync(server, "concert", "origin-1", 4);

        await server.PostJsonAsync("/api/streams/concert/join", Relay("relay-1", 4, 1), 401);
    }

    [Fact]
    public void FromConfiguration_PrivateStreamsWithoutKey_ThrowsClearMessage()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["PrivateStreams"] = "concert" })
            .Build();

        var ex = Assert.Throws<ArgumentException>(() => TrackerOptions.FromConfiguration(config));
        Assert.Contains("ViewerTokenKey", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_CommaSeparatedKeysAndGroups_Parsed()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ViewerTokenKey"] = OperatorKey + ", second-operator-key-0123456789abcdef",
                ["PrivateStreams"] = "concert,town-hall",
                ["NodeKeys"] = NodeKey,
                ["StreamGroups:concert"] = "staff, press",
            })
            .Build();

        TrackerAccessOptions access = TrackerOptions.FromConfiguration(config).Access;

        Assert.Equal(2, access.ViewerTokenKeys.Count);
        Assert.True(access.IsPrivate("town-hall"));
        Assert.False(access.IsPrivate("lobby"));
        Assert.Equal(["staff", "press"], access.StreamGroups["concert"]);
    }

    private static string Mint(TrackerServer server, string stream, DateTimeOffset expires) =>
        new ViewerTokenKey(OperatorKey, server.Time).Issue(new ViewerTokenClaims(stream, expires));
}
