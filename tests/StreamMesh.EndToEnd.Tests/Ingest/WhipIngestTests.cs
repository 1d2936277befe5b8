using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Serialization;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Ingest;

/// <summary>
/// WHIP ingest (RFC 9725): Chromium with a fake camera and microphone publishes to <c>POST /whip/{stream}</c> of an
/// origin from a page on another origin (so CORS and the bearer-token preflight are exercised), and a second Chromium
/// plays the stream from the origin over WHEP. The publisher's video is forwarded, not re-encoded: the viewer decodes
/// the camera's picture in the publisher's codec, not the 1280 px slate.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WhipIngestTests(ITestOutputHelper output)
{
    private const string Token = "s3cret-publish-token";

    private const string PublishScript = """
        async ({ url, token }) => {
          const pc = new RTCPeerConnection();
          window.publisher = pc;
          const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
          for (const track of media.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
          await pc.setLocalDescription(await pc.createOffer());
          if (pc.iceGatheringState !== 'complete') {
            await new Promise((resolve) => {
              pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
              setTimeout(resolve, 2000);
            });
          }
          const headers = { 'Content-Type': 'application/sdp' };
          if (token) headers.Authorization = 'Bearer ' + token;
          const response = await fetch(url, { method: 'POST', headers, body: pc.localDescription.sdp });
          const body = await response.text();
          if (response.status !== 201) return { status: response.status, error: body };
          await pc.setRemoteDescription({ type: 'answer', sdp: body });
          return { status: response.status, location: response.headers.get('Location') };
        }
        """;

    [Theory]
    [InlineData("h264", "video/H264")]
    [InlineData("vp8", "video/VP8")]
    public async Task WhipPublish_ChromiumFakeCamera_SecondChromiumPlaysForwardedStream(string codec, string mimeType)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stream = "cam" + codec;
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "whip", "--stream", stream, "--video", codec, "--publish-token", Token], cts.Token);
        var whipUrl = $"{origin.HttpBase}/whip/{stream}";

        // No publisher yet: the slate is on air and the state says so.
        Assert.True(await IngestProbe.WaitForStateAsync(origin.HttpBase, stream, "slate", TimeSpan.FromSeconds(15), cts.Token), await IngestProbe.MetricsAsync(origin.HttpBase));

        await using var publisherBrowser = await Chromium.LaunchAsync();
        var publisherPage = await publisherBrowser.NewPageAsync();
        // getUserMedia needs a secure context; a loopback origin is one. The page comes from a real loopback server
        // (Chromium's local-network-access checks refuse a page of unknown address space), on another port than the
        // origin's, so the WHIP POST is cross-origin and goes through CORS with an Authorization preflight.
        var pageFolder = Directory.CreateTempSubdirectory("streammesh-whip-page-").FullName;
        await File.WriteAllTextAsync(Path.Combine(pageFolder, "publish.html"), "<!doctype html><title>publisher</title>", cts.Token);
        await using var pageServer = new StaticFileServer(pageFolder);
        await publisherPage.GotoAsync(pageServer.BaseUrl + "publish.html");

        var refused = await publisherPage.EvaluateAsync<PublishResult>(PublishScript, new { url = whipUrl, token = "wrong" });

        Assert.Equal(401, refused.Status);

        var published = await publisherPage.EvaluateAsync<PublishResult>(PublishScript, new { url = whipUrl, token = Token });
        Assert.True(published.Status == 201, $"WHIP POST answered {published.Status}: {published.Error}\n{origin.Log}");
        Assert.StartsWith($"/whip/{stream}/sessions/", published.Location, StringComparison.Ordinal);

        Assert.True(await IngestProbe.WaitForStateAsync(origin.HttpBase, stream, "live", TimeSpan.FromSeconds(20), cts.Token), $"publisher never went live\n{await IngestProbe.MetricsAsync(origin.HttpBase)}\n{origin.Log}");

        var viewer = await IngestProbe.PlayAsync(origin.HttpBase, stream);
        var metrics = await IngestProbe.MetricsAsync(origin.HttpBase);
        output.WriteLine($"{stream}: {viewer}\n{metrics}");
        Assert.True(viewer.Error is null, $"player error: {viewer.Error}\n{origin.Log}");
        Assert.True(viewer.FramesDecoded >= 30, $"only {viewer.FramesDecoded} frames decoded: {viewer}\n{origin.Log}");
        Assert.True(viewer.AudioSamplesReceived > 0, $"no audio: {viewer}");
        Assert.Equal(mimeType, viewer.VideoCodec);
        Assert.True(viewer.FrameWidth is > 0 and <= 640, $"the viewer decoded {viewer.FrameWidth} px: the slate, not the publisher's camera");
        Assert.Equal(1, IngestProbe.Sample(metrics, $"streammesh_ingest_source_state{{stream=\"{stream}\",state=\"live\"}}"));
        Assert.Equal(1, IngestProbe.Sample(metrics, $"streammesh_ingest_whip_publisher_connected{{stream=\"{stream}\"}}"));
        Assert.True(IngestProbe.Sample(metrics, $"streammesh_ingest_whip_packets_forwarded{{stream=\"{stream}\"}}") > 100, metrics);

        using var http = new HttpClient { BaseAddress = new Uri(origin.HttpBase), Timeout = TimeSpan.FromSeconds(10) };
        var sessionUrl = new Uri(published.Location!, UriKind.Relative);

        // One publisher per stream: a second offer is refused while the first holds it.
        using (var second = new HttpRequestMessage(HttpMethod.Post, $"/whip/{stream}") { Content = new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp") })
        {
            second.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(second, cts.Token)).StatusCode);
        }

        // Trickle ICE is not offered (RFC 9725 §4.3): PATCH is 405.
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, sessionUrl) { Content = new StringContent("a=end-of-candidates\r\n", Encoding.UTF8, "application/trickle-ice-sdpfrag") })
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.SendAsync(patch, cts.Token)).StatusCode);
        }

        // DELETE without the token is refused; with it the session ends and the slate returns.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.DeleteAsync(sessionUrl, cts.Token)).StatusCode);
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, sessionUrl))
        {
            delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(delete, cts.Token)).StatusCode);
        }

        Assert.True(await IngestProbe.WaitForStateAsync(origin.HttpBase, stream, "slate", TimeSpan.FromSeconds(10), cts.Token), await IngestProbe.MetricsAsync(origin.HttpBase));
        var after = await IngestProbe.MetricsAsync(origin.HttpBase);
        Assert.Equal(0, IngestProbe.Sample(after, $"streammesh_ingest_whip_publisher_connected{{stream=\"{stream}\"}}"));
        Assert.Contains("WHIP publisher", after, StringComparison.Ordinal);
    }

    private sealed record PublishResult
    {
        [JsonPropertyName("status")] public int Status { get; init; }

        [JsonPropertyName("location")] public string? Location { get; init; }

        [JsonPropertyName("error")] public string? Error { get; init; }
    }
}
