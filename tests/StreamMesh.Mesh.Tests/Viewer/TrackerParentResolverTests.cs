using System.Net;
using System.Text;
using System.Text.Json;
using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class TrackerParentResolverTests
{
    private static readonly Uri Tracker = new("http://tracker:9000");

    private const string Candidates = """
        {"stream":"demo","peerId":"v","session":"S1","site":"lab","landmarkRound":false,"coordinate":null,"candidates":[
          {"peerId":"far","url":"http://far:8080","site":"dc","depth":1,"pathLatencyMs":1,"rttMs":5,"freeSlots":3},
          {"peerId":"dead","url":"http://dead:8080","site":"dc","depth":1,"pathLatencyMs":1,"rttMs":1,"freeSlots":3},
          {"peerId":"samesite","url":"http://samesite:8080","site":"lab","depth":2,"pathLatencyMs":2,"rttMs":9,"freeSlots":1}]}
        """;

    private static string Assignment(string parent, string url, string ticket) => $$"""
        {"peerId":"v","state":"attached","parent":{"peerId":"{{parent}}","url":"{{url}}","site":"lab","depth":2,"pathLatencyMs":2,"freeSlots":0},
         "parentChanged":true,"ticket":"{{ticket}}","lostRace":false,"depth":3,"pathLatencyMs":3,"backups":[],"probe":[],"heartbeatIntervalMs":5000}
        """;

    [Fact]
    public async Task ResolveAsync_ProbesCandidates_ConfirmsSameSiteFirstUnreachableLast_ReturnsParentWithTicket()
    {
        string? confirmBody = null;
        var handler = new Router(async request =>
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path == "/api/streams/demo/confirm")
            {
                confirmBody = await request.Content!.ReadAsStringAsync();
            }

            return (request.RequestUri.Host, path) switch
            {
                ("tracker", "/api/streams/demo/join") => Json(HttpStatusCode.OK, Candidates),
                ("tracker", "/api/streams/demo/confirm") => Json(HttpStatusCode.OK, Assignment("samesite", "http://samesite:8080/", "T1")),
                ("dead", "/healthz") => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
                (_, "/healthz") => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok\n") },
                _ => new HttpResponseMessage(HttpStatusCode.NotFound),
            };
        });
        using var http = new HttpClient(handler);
        var resolver = new TrackerParentResolver(Tracker, "demo", http) { PeerId = "v" };

        var parent = await resolver.ResolveAsync(CancellationToken.None);

        Assert.Equal(new Uri("http://samesite:8080/whep/demo"), parent.WhepUrl);
        Assert.Equal("samesite", parent.PeerId);
        Assert.Equal("T1", parent.Ticket);
        Assert.StartsWith("samesite (site lab, hop 3", parent.Description, StringComparison.Ordinal);
        using var confirm = JsonDocument.Parse(confirmBody!);
        Assert.Equal(["samesite", "far", "dead"], confirm.RootElement.GetProperty("parents").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var probed = confirm.RootElement.GetProperty("probes").EnumerateArray().Select(e => e.GetProperty("peerId").GetString()!).Order().ToArray();
        Assert.Equal(["far", "samesite"], probed); // the dead one has no RTT to report
        Assert.Equal(3, handler.Count("/healthz", "far")); // best of three
        Assert.Null(resolver.Probes["dead"]);
    }

    [Fact]
    public async Task ResolveAsync_UnknownStream_StreamNotFoundNamingLiveStreams()
    {
        using var http = new HttpClient(new Router(request => Task.FromResult(request.RequestUri!.AbsolutePath switch
        {
            "/api/streams/nosuch/join" => Json(HttpStatusCode.NotFound, """{"title":"Unknown stream","status":404,"detail":"stream 'nosuch' does not exist"}"""),
            "/api/streams" => Json(HttpStatusCode.OK, """[{"stream":"demo","origins":1,"peers":3},{"stream":"town-hall","origins":1,"peers":1}]"""),
            _ => new HttpResponseMessage(HttpStatusCode.NotFound),
        })));
        var resolver = new TrackerParentResolver(Tracker, "nosuch", http);

        var ex = await Assert.ThrowsAsync<ViewerException>(() => resolver.ResolveAsync(CancellationToken.None));

        Assert.Equal(ViewerFailure.StreamNotFound, ex.Failure);
        Assert.Equal("the tracker at http://tracker:9000/ has no stream 'nosuch'; live streams: demo, town-hall", ex.Message);
    }

    [Fact]
    public async Task ResolveAsync_NoFreeSlot_RefusedSayingTheTreeIsFull()
    {
        using var http = new HttpClient(new Router(request => Task.FromResult(request.RequestUri!.AbsolutePath switch
        {
            "/api/streams/demo/join" => Json(HttpStatusCode.OK, Candidates),
            "/api/streams/demo/confirm" => Json(HttpStatusCode.Conflict, """{"title":"No free slot","status":409,"detail":"no distributing peer has a free slot"}"""),
            _ => new HttpResponseMessage(HttpStatusCode.OK),
        })));
        var resolver = new TrackerParentResolver(Tracker, "demo", http);

        var ex = await Assert.ThrowsAsync<ViewerException>(() => resolver.ResolveAsync(CancellationToken.None));

        Assert.Equal(ViewerFailure.Refused, ex.Failure);
        Assert.Contains("the tree of stream 'demo' is full", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no distributing peer has a free slot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_TrackerDown_UnreachableNamingTheTracker()
    {
        using var http = new HttpClient(new Router(_ => throw new HttpRequestException("Connection refused")));
        var resolver = new TrackerParentResolver(Tracker, "demo", http);

        var ex = await Assert.ThrowsAsync<ViewerException>(() => resolver.ResolveAsync(CancellationToken.None));

        Assert.Equal(ViewerFailure.Unreachable, ex.Failure);
        Assert.Contains("the tracker at http://tracker:9000/ cannot be reached", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplaceAsync_ReportsTheLostParentUnreachable_ReturnsTheNextWithItsTicket()
    {
        string? report = null;
        using var http = new HttpClient(new Router(async request =>
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path == "/api/streams/demo/unreachable")
            {
                report = await request.Content!.ReadAsStringAsync();
            }

            return path switch
            {
                "/api/streams/demo/join" => Json(HttpStatusCode.OK, Candidates),
                "/api/streams/demo/confirm" => Json(HttpStatusCode.OK, Assignment("samesite", "http://samesite:8080", "T1")),
                "/api/streams/demo/unreachable" => Json(HttpStatusCode.OK, Assignment("far", "http://far:8080", "T2")),
                _ => new HttpResponseMessage(HttpStatusCode.OK),
            };
        }));
        var resolver = new TrackerParentResolver(Tracker, "demo", http) { PeerId = "v" };
        var first = await resolver.ResolveAsync(CancellationToken.None);

        var next = await resolver.ReplaceAsync(first, CancellationToken.None);

        Assert.NotNull(next);
        Assert.Equal("far", next.PeerId);
        Assert.Equal("T2", next.Ticket);
        Assert.Equal(new Uri("http://far:8080/whep/demo"), next.WhepUrl);
        using var body = JsonDocument.Parse(report!);
        Assert.Equal("S1", body.RootElement.GetProperty("session").GetString());
        Assert.Equal(["samesite"], body.RootElement.GetProperty("unreachable").EnumerateArray().Select(e => e.GetString()!).ToArray());
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, status == HttpStatusCode.OK ? "application/json" : "application/problem+json") };

    private sealed class Router(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        private readonly List<(string Host, string Path)> _seen = [];

        public int Count(string path, string host)
        {
            lock (_seen)
            {
                return _seen.Count(s => s.Path == path && s.Host == host);
            }
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (_seen)
            {
                _seen.Add((request.RequestUri!.Host, request.RequestUri.AbsolutePath));
            }

            return respond(request);
        }
    }
}
