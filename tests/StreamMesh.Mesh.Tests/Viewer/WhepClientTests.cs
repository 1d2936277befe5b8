using System.Net;
using System.Net.Sockets;
using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class WhepClientTests
{
    private static readonly Uri Url = new("http://127.0.0.1:9/whep/demo");

    [Fact]
    public async Task PostOfferAsync_Created_ReturnsAnswerAndAbsoluteSessionUrl()
    {
        var handler = new StubHandler(request =>
        {
            Assert.Equal(HttpMethod.Post, request.Method);
            Assert.Equal("application/sdp", request.Content!.Headers.ContentType!.ToString());
            var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n") };
            response.Headers.Location = new Uri("/whep/demo/sessions/abc", UriKind.Relative);
            return response;
        });
        using var http = new HttpClient(handler);

        var answer = await new WhepClient(http).PostOfferAsync(Url, "v=0\r\n", CancellationToken.None);

        Assert.StartsWith("v=0", answer.AnswerSdp, StringComparison.Ordinal);
        Assert.Equal(new Uri("http://127.0.0.1:9/whep/demo/sessions/abc"), answer.SessionUrl);
    }

    [Fact]
    public async Task PostOfferAsync_NotFound_StreamNotFoundWithServerReason()
    {
        using var http = new HttpClient(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no stream named 'demo' is served here\n") }));

        var ex = await Assert.ThrowsAsync<ViewerException>(() => new WhepClient(http).PostOfferAsync(Url, "v=0", CancellationToken.None));

        Assert.Equal(ViewerFailure.StreamNotFound, ex.Failure);
        Assert.Contains("no stream named 'demo'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostOfferAsync_ServiceUnavailable_RefusedWithStatus()
    {
        using var http = new HttpClient(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("full") }));

        var ex = await Assert.ThrowsAsync<ViewerException>(() => new WhepClient(http).PostOfferAsync(Url, "v=0", CancellationToken.None));

        Assert.Equal(ViewerFailure.Refused, ex.Failure);
        Assert.Contains("503", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostOfferAsync_OkButNotSdp_Refused()
    {
        using var http = new HttpClient(new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent("<html>") }));

        var ex = await Assert.ThrowsAsync<ViewerException>(() => new WhepClient(http).PostOfferAsync(Url, "v=0", CancellationToken.None));

        Assert.Equal(ViewerFailure.Refused, ex.Failure);
    }

    [Fact]
    public async Task PostOfferAsync_NothingListening_UnreachableConnectionRefused()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var http = new HttpClient();

        var ex = await Assert.ThrowsAsync<ViewerException>(() => new WhepClient(http).PostOfferAsync(new Uri($"http://127.0.0.1:{port}/whep/demo"), "v=0", CancellationToken.None));

        Assert.Equal(ViewerFailure.Unreachable, ex.Failure);
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
    }

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond(request));
    }
}
