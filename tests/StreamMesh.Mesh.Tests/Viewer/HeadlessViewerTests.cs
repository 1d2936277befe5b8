using System.Net;
using StreamMesh.Mesh.Viewer;
using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class HeadlessViewerTests
{
    [Fact]
    public async Task RunAsync_ParentHasNoSuchStream_ThrowsStreamNotFoundAndReleasesTheParent()
    {
        var resolver = new ResolverSpy(new ViewerParent(new Uri("http://127.0.0.1:9/whep/nosuch"), "test parent"));
        string? offer = null;
        using var http = new HttpClient(new StubHandler(async request =>
        {
            offer = await request.Content!.ReadAsStringAsync();
            return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no stream named 'nosuch' is served here\n") };
        }));
        var viewer = new HeadlessViewer(new ViewerOptions { Duration = TimeSpan.FromSeconds(1) }, resolver, http);

        var ex = await Assert.ThrowsAsync<ViewerException>(() => viewer.RunAsync(null, CancellationToken.None));

        Assert.Equal(ViewerFailure.StreamNotFound, ex.Failure);
        Assert.Equal(1, resolver.Releases);
        Assert.Equal(0, resolver.Confirms);

        // The offer asks to receive audio and H.264/VP8 video, with abs-capture-time for latency.
        Assert.NotNull(offer);
        Assert.Contains("a=recvonly", offer, StringComparison.Ordinal);
        Assert.Contains("H264/90000", offer, StringComparison.Ordinal);
        Assert.Contains("VP8/90000", offer, StringComparison.Ordinal);
        Assert.Contains("opus/48000", offer, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(RtpHeaderExtensionUris.AbsCaptureTime, offer, StringComparison.Ordinal);
    }

    private sealed class ResolverSpy(ViewerParent parent) : IViewerParentResolver
    {
        public int Confirms { get; private set; }

        public int Releases { get; private set; }

        public Task<ViewerParent> ResolveAsync(CancellationToken cancellationToken) => Task.FromResult(parent);

        public Task ConfirmAsync(ViewerParent parent, CancellationToken cancellationToken)
        {
            Confirms++;
            return Task.CompletedTask;
        }

        public Task ReleaseAsync(ViewerParent parent, CancellationToken cancellationToken)
        {
            Releases++;
            return Task.CompletedTask;
        }
    }

    private sealed class StubHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => respond(request);
    }
}
