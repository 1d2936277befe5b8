using System.Collections.Concurrent;
using System.Net;
using System.Text;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests;

/// <summary>The WHEP resource life cycle against a running origin, with the C# stack as the client.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class WhepClientTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WhepSession_CSharpClient_ReceivesMediaThenDeleteEndsIt()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await using var origin = await NodeProcess.StartAsync("origin", ["--source", "testsrc", "--stream", "demo"], cts.Token);
        using var http = new HttpClient();

        // CORS preflight, as a player served by another node would send it.
        using (var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri($"{origin.HttpBase}/whep/demo")))
        {
            preflight.Headers.Add("Origin", "http://relay.example:8080");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await http.SendAsync(preflight, cts.Token);
            Assert.True(response.IsSuccessStatusCode, $"preflight answered {(int)response.StatusCode}");
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }

        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());
        await using var connection = new RtcPeerConnection(endpoint);
        var counter = new SsrcCounter();
        connection.Handler = counter;
        var offer = await connection.CreateOfferAsync(new PeerMediaPlan
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly),
        }, cts.Token);

        using var created = await http.PostAsync(new Uri($"{origin.HttpBase}/whep/demo"), new StringContent(offer, Encoding.UTF8, "application/sdp"), cts.Token);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("application/sdp", created.Content.Headers.ContentType?.MediaType);
        var location = created.Headers.Location ?? throw new InvalidOperationException("no Location");
        connection.AcceptAnswer(await created.Content.ReadAsStringAsync(cts.Token));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline && (counter.Kinds < 2 || counter.Total < 200))
        {
            await Task.Delay(200, cts.Token);
        }

        output.WriteLine($"received {counter.Total} packets on {counter.Kinds} SSRCs; state {connection.State}");
        Assert.Equal(PeerConnectionState.Connected, connection.State);
        Assert.True(counter.Kinds >= 2 && counter.Total >= 200, $"received {counter.Total} packets on {counter.Kinds} SSRCs");
        Assert.Equal(1, await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_sessions"));

        var resource = new Uri(new Uri(origin.HttpBase), location);
        using (var deleted = await http.DeleteAsync(resource, cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.Equal(0, await NodeMetricsReader.ReadAsync(origin.HttpBase, "streammesh_whep_sessions"));
        using (var again = await http.DeleteAsync(resource, cts.Token))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        // The origin stopped sending: nothing more arrives once in-flight packets are drained.
        await Task.Delay(500, cts.Token);
        var settled = counter.Total;
        await Task.Delay(1000, cts.Token);
        Assert.Equal(settled, counter.Total);
    }

    private sealed class SsrcCounter : IRtpPacketHandler
    {
        private readonly ConcurrentDictionary<uint, int> _bySsrc = new();
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public int Kinds => _bySsrc.Count;

        public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
        {
            _bySsrc.AddOrUpdate(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(packet[8..]), 1, (_, n) => n + 1);
            Interlocked.Increment(ref _total);
        }

        public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
        {
        }
    }
}
