using System.Net;
using System.Text;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests.Trust;

/// <summary>
/// The limits of issue 7 on a real origin process: the viewer cap (503), the per-address session rate (429 with
/// Retry-After), and the handshake timeout that reaps a session whose ICE/DTLS never completes; each counted in /metrics.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class NodeLimitsTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Origin_ViewerCapSessionRateAndHandshakeTimeout_RefusedReapedAndCounted()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var origin = await NodeProcess.StartAsync("origin",
        [
            "--source", "testsrc", "--stream", "demo",
            "--Limits:MaxViewers=1", "--Limits:HandshakeTimeoutSeconds=2",
            "--Limits:SessionBurstPerAddress=3", "--Limits:SessionsPerSecondPerAddress=0.05",
        ], cts.Token);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());

        // 1. An offer whose peer never completes ICE/DTLS (the answer is never applied) takes the one viewer slot...
        await using var abandoned = new RtcPeerConnection(endpoint);
        using (HttpResponseMessage first = await PostOfferAsync(http, origin.HttpBase, await OfferAsync(abandoned, cts.Token), cts.Token))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // 2. ...so the next viewer is turned away with 503 and a Retry-After.
        await using var second = new RtcPeerConnection(endpoint);
        using (HttpResponseMessage full = await PostOfferAsync(http, origin.HttpBase, await OfferAsync(second, cts.Token), cts.Token))
        {
            output.WriteLine($"second viewer → {(int)full.StatusCode}: {(await full.Content.ReadAsStringAsync(cts.Token)).Trim()}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.NotNull(full.Headers.RetryAfter);
        }

        Assert.Equal(1, await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_limit_refusals_total{limit=\"max_viewers\"}"));

        // 3. The abandoned session is reaped after the 2 s handshake timeout, freeing the slot.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_sessions") > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the abandoned session was not reaped");
            await Task.Delay(250, cts.Token);
        }

        Assert.Equal(1, await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_sessions_reaped_total{reason=\"handshake_timeout\"}"));

        // 4. The third offer fits again; it empties this address's bucket of 3, so the fourth is rate-limited.
        await using var third = new RtcPeerConnection(endpoint);
        using (HttpResponseMessage admitted = await PostOfferAsync(http, origin.HttpBase, await OfferAsync(third, cts.Token), cts.Token))
        {
            Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        }

        await using var fourth = new RtcPeerConnection(endpoint);
        using (HttpResponseMessage limited = await PostOfferAsync(http, origin.HttpBase, await OfferAsync(fourth, cts.Token), cts.Token))
        {
            output.WriteLine($"fourth offer → {(int)limited.StatusCode}, Retry-After {limited.Headers.RetryAfter?.Delta}");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        }

        Assert.Equal(1, await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_limit_refusals_total{limit=\"session_rate\"}"));
    }

    private static async Task<string> OfferAsync(RtcPeerConnection connection, CancellationToken cancellationToken) =>
        await connection.CreateOfferAsync(new PeerMediaPlan
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly),
        }, cancellationToken);

    private static Task<HttpResponseMessage> PostOfferAsync(HttpClient http, string originBase, string offer, CancellationToken cancellationToken) =>
        http.PostAsync(new Uri(originBase + "/whep/demo"), new StringContent(offer, Encoding.UTF8, "application/sdp"), cancellationToken);
}
