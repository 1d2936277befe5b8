using System.Net;
using System.Net.Sockets;
using System.Text;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests;

/// <summary>
/// Hostile and broken input at a running origin: garbage datagrams of every RFC 7983 class at its
/// UDP port, malformed and oversized WHEP offers, and a peer whose DTLS certificate does not match
/// its SDP fingerprint. Each is refused and counted while a Chromium viewer keeps playing.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BadInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Origin_GarbageDatagramsBadOffersAndForgedFingerprint_RefusedWhileViewerKeepsPlaying()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var udpPort = NodeProcess.FreeUdpPort();
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo", "--udp-port", udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)], cts.Token);
        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        await page.GotoAsync($"{origin.HttpBase}/watch/demo");
        var before = await BrowserStats.WaitAsync(page, s => s.FramesDecoded >= 30, TimeSpan.FromSeconds(15));
        Assert.True(before.FramesDecoded >= 30, $"viewer did not start: {before}\n{origin.Log}");

        // 1. Garbage at the UDP port: STUN-, DTLS- and RTP-looking datagrams and bytes no protocol owns.
        var droppedBefore = await DroppedDatagramsAsync(origin);
        using (var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            var random = new Random(7983);
            var target = new IPEndPoint(IPAddress.Loopback, udpPort);
            for (var i = 0; i < 1000; i++)
            {
                var datagram = new byte[random.Next(1, 1200)];
                random.NextBytes(datagram);
                datagram[0] = (i % 4) switch { 0 => (byte)random.Next(0, 4), 1 => (byte)random.Next(20, 64), 2 => (byte)random.Next(128, 192), _ => (byte)random.Next(64, 128) };
                await udp.SendAsync(datagram, target, cts.Token);
            }

            // A well-formed STUN binding request for a ufrag nobody registered.
            await udp.SendAsync(Convert.FromHexString("000100082112A442000102030405060708090A0B000600047866666B"), target, cts.Token);
        }

        // 2. Malformed and oversized WHEP offers get a 4xx with a message.
        using var http = new HttpClient();
        using (var malformed = await http.PostAsync(new Uri($"{origin.HttpBase}/whep/demo"), new StringContent("v=0\r\nthis is not sdp\r\n", Encoding.UTF8, "application/sdp"), cts.Token))
        {
            var body = await malformed.Content.ReadAsStringAsync(cts.Token);
            output.WriteLine($"malformed SDP → {(int)malformed.StatusCode}: {body.Trim()}");
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Contains("SDP", body, StringComparison.Ordinal);
        }

        // Expect: 100-continue (RFC 9110 §10.1.1), as a client with a large body should send it: the node answers 413
        // from Content-Length without reading the body and then closes the connection, so a client that pushed the whole
        // megabyte first could see that close (a broken pipe) before the answer.
        using var hugeClient = new HttpClient();
        using var hugeRequest = new HttpRequestMessage(HttpMethod.Post, new Uri($"{origin.HttpBase}/whep/demo"))
        {
            Content = new StringContent(new string('a', 1024 * 1024), Encoding.UTF8, "application/sdp"),
        };
        hugeRequest.Headers.ExpectContinue = true;
        using (var huge = await hugeClient.SendAsync(hugeRequest, cts.Token))
        {
            output.WriteLine($"1 MB offer → {(int)huge.StatusCode}: {(await huge.Content.ReadAsStringAsync(cts.Token)).Trim()}");
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        }

        using var http2 = new HttpClient();
        using (var wrongType = await http2.PostAsync(new Uri($"{origin.HttpBase}/whep/demo"), new StringContent("{}", Encoding.UTF8, "application/json"), cts.Token))
        {
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        }

        using (var unknown = await http2.PostAsync(new Uri($"{origin.HttpBase}/whep/nosuchstream"), new StringContent("v=0\r\n", Encoding.UTF8, "application/sdp"), cts.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        // 3. A peer whose certificate does not match the fingerprint in its SDP: the origin's DTLS refuses it.
        var failedBefore = await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_sessions_failed_total");
        var forgedOutcome = await ConnectWithForgedFingerprintAsync(http2, origin.HttpBase, cts.Token);
        output.WriteLine($"forged fingerprint → local peer {forgedOutcome}");
        Assert.NotEqual(PeerConnectionState.Connected, forgedOutcome);
        var failedAfter = await WaitForMetricAsync(origin.HttpBase, "streammesh_whep_sessions_failed_total", v => v > failedBefore, TimeSpan.FromSeconds(20));
        Assert.True(failedAfter > failedBefore, "the origin did not count the refused DTLS handshake");

        // The existing viewer never noticed.
        var droppedAfter = await DroppedDatagramsAsync(origin);
        output.WriteLine($"datagrams dropped: {droppedBefore} → {droppedAfter}");
        Assert.True(droppedAfter - droppedBefore >= 1000, $"only {droppedAfter - droppedBefore} of 1001 garbage datagrams were counted as dropped");
        var mid = await BrowserStats.ReadAsync(page);
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);
        var after = await BrowserStats.ReadAsync(page);
        output.WriteLine($"viewer frames: {before.FramesDecoded} → {mid.FramesDecoded} → {after.FramesDecoded}, state {after.ConnectionState}");
        Assert.Equal("connected", after.ConnectionState);
        Assert.True(after.FramesDecoded - mid.FramesDecoded >= 45, $"viewer stalled after the attacks: {mid.FramesDecoded} → {after.FramesDecoded}");
    }

    private static async Task<double> DroppedDatagramsAsync(NodeProcess origin)
    {
        double total = 0;
        foreach (var reason in new[] { "malformed", "unroutable", "unauthenticated" })
        {
            total += await NodeMetricsReader.ReadAsync(origin.HttpBase, $"streammesh_udp_datagrams_dropped_total{{reason=\"{reason}\"}}");
        }

        return total;
    }

    private static async Task<double> WaitForMetricAsync(string httpBase, string sample, Func<double, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        double value;
        do
        {
            value = await NodeMetricsReader.ReadAsync(httpBase, sample);
            if (done(value))
            {
                return value;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        return value;
    }

    /// <summary>Offers from a C# peer whose SDP carries another certificate's fingerprint; returns the state it ends in.</summary>
    private static async Task<PeerConnectionState> ConnectWithForgedFingerprintAsync(HttpClient http, string httpBase, CancellationToken cancellationToken)
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());
        await using var connection = new RtcPeerConnection(endpoint, new RtcPeerConnectionOptions { DtlsHandshakeTimeout = TimeSpan.FromSeconds(5) });
        var ended = new TaskCompletionSource<PeerConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.StateChanged += (_, state) =>
        {
            if (state is PeerConnectionState.Connected or PeerConnectionState.Failed)
            {
                ended.TrySetResult(state);
            }
        };

        var offer = await connection.CreateOfferAsync(new PeerMediaPlan
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly),
        }, cancellationToken);
        var impostor = DtlsCertificate.Generate().Fingerprint.ToString();
        var forged = string.Join("\r\n", offer.Split("\r\n").Select(l => l.StartsWith("a=fingerprint:", StringComparison.Ordinal) ? "a=fingerprint:" + impostor : l));

        using var response = await http.PostAsync(new Uri(httpBase + "/whep/demo"), new StringContent(forged, Encoding.UTF8, "application/sdp"), cancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        connection.AcceptAnswer(await response.Content.ReadAsStringAsync(cancellationToken));
        try
        {
            return await ended.Task.WaitAsync(TimeSpan.FromSeconds(25), cancellationToken);
        }
        catch (TimeoutException)
        {
            return connection.State;
        }
    }
}
