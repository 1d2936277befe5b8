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

        // Four real offers from a C# peer, without their candidate lines: the origin has nobody to send ICE checks to,
        // so it waits for a candidate that never comes and only the handshake timeout can end these sessions (with a
        // candidate, failed checks could end them first and race with the 2 s timeout).
        string[] offers = new string[4];
        await using (var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback }))
        await using (var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate()))
        {
            for (int i = 0; i < offers.Length; i++)
            {
                await using var peer = new RtcPeerConnection(endpoint);
                offers[i] = string.Join("\r\n", (await OfferAsync(peer, cts.Token)).Split("\r\n").Where(l => !l.StartsWith("a=candidate:", StringComparison.Ordinal)));
            }
        }

        // 1. An offer whose peer never completes ICE/DTLS (the answer is never applied) takes the one viewer slot...
        using (HttpResponseMessage first = await PostOfferAsync(http, origin.HttpBase, offers[0], cts.Token))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // 2. ...so the next viewer is turned away with 503 and a Retry-After.
        using (HttpResponseMessage full = await PostOfferAsync(http, origin.HttpBase, offers[1], cts.Token))
        {
            output.WriteLine($"second viewer → {(int)full.StatusCode}: {(await full.Content.ReadAsStringAsync(cts.Token)).Trim()}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.NotNull(full.Headers.RetryAfter);
        }

        Assert.Equal(1, await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_limit_refusals_total{limit=\"max_viewers\"}"));

        // 3. The abandoned session is reaped after the 2 s handshake timeout, freeing the slot.
        // The reaper counts once the session is disposed, a moment after it left the registry: wait for both.
        const string Reaped = "streammesh_sessions_reaped_total{reason=\"handshake_timeout\"}";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_sessions") > 0 || await NodeMetricsReader.ReadAsync(origin.HttpBase, Reaped) < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the abandoned session was not reaped; origin log:\n{origin.Log}");
            await Task.Delay(250, cts.Token);
        }

        Assert.Equal(1, await NodeMetricsReader.ReadAsync(origin.HttpBase, Reaped));

        // 4. The third offer fits again; it empties this address's bucket of 3, so the fourth is rate-limited.
        using (HttpResponseMessage admitted = await PostOfferAsync(http, origin.HttpBase, offers[2], cts.Token))
        {
            Assert.Equal(HttpStatusCode.Created, admitted.StatusCode);
        }

        using (HttpResponseMessage limited = await PostOfferAsync(http, origin.HttpBase, offers[3], cts.Token))
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
