using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using StreamMesh.EndToEnd.Tests.Infrastructure;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;
using Xunit.Abstractions;

namespace StreamMesh.EndToEnd.Tests;

/// <summary>
/// The other direction: Chromium (fake camera and microphone) publishes to a C# peer connection.
/// Here the C# side offers, so it is ICE controlling and — Chromium always answers setup:active —
/// DTLS server; the player tests cover ICE controlled and DTLS client.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BrowserPublishTests(ITestOutputHelper output)
{
    private const string PublishScript = """
        async (offer) => {
          const pc = new RTCPeerConnection();
          window.publisher = pc;
          const media = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
          await pc.setRemoteDescription({ type: 'offer', sdp: offer });
          for (const t of pc.getTransceivers()) {
            const track = media.getTracks().find((m) => m.kind === t.receiver.track.kind);
            await t.sender.replaceTrack(track);
            t.direction = 'sendonly';
          }
          await pc.setLocalDescription(await pc.createAnswer());
          if (pc.iceGatheringState !== 'complete') {
            await new Promise((resolve) => {
              pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') resolve(); });
              setTimeout(resolve, 2000);
            });
          }
          return pc.localDescription.sdp;
        }
        """;

    [Fact]
    public async Task ChromiumPublishes_CSharpOfferer_ReceivesBothTracksDecryptedAndInOrder()
    {
        await using var mux = new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback });
        await using var endpoint = new WebRtcEndpoint(mux, DtlsCertificate.Generate());
        await using var connection = new RtcPeerConnection(endpoint);
        var receiver = new PacketRecorder();
        connection.Handler = receiver;
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.StateChanged += (_, state) =>
        {
            if (state == PeerConnectionState.Connected)
            {
                connected.TrySetResult();
            }
        };

        var offer = await connection.CreateOfferAsync(new PeerMediaPlan
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly),
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly),
        });

        await using var chromium = await Chromium.LaunchAsync();
        var page = await chromium.NewPageAsync();
        // getUserMedia needs a secure context; a loopback origin is one. Playwright serves the empty page itself.
        await page.RouteAsync("http://127.0.0.1:9/**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>publisher</title>" }));
        await page.GotoAsync("http://127.0.0.1:9/publish");
        var answer = await page.EvaluateAsync<string>(PublishScript, offer);
        connection.AcceptAnswer(answer);

        await connected.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var negotiated = connection.Negotiated!;
        Assert.True(negotiated.IceControlling, "the offerer must be ICE controlling");
        Assert.Equal(NegotiatedDtlsRole.Server, negotiated.LocalDtlsRole);

        var video = negotiated.Media.Single(m => m.Kind == SdpMediaKind.Video);
        var audio = negotiated.Media.Single(m => m.Kind == SdpMediaKind.Audio);
        var videoSsrc = video.RemoteSsrcs[0];
        var audioSsrc = audio.RemoteSsrcs[0];

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline && (receiver.Count(videoSsrc) < 100 || receiver.Count(audioSsrc) < 100))
        {
            await Task.Delay(200);
        }

        var v = receiver.Get(videoSsrc);
        var a = receiver.Get(audioSsrc);
        output.WriteLine($"video ssrc {videoSsrc}: {v}; audio ssrc {audioSsrc}: {a}; SRTP dropped {connection.SrtpDropped}");
        Assert.True(v.Packets >= 100, $"video packets: {v}");
        Assert.True(a.Packets >= 100, $"audio packets: {a}");
        Assert.Equal(0, v.OutOfOrder + a.OutOfOrder);
        Assert.Equal((byte)video.Codec!.PayloadType, v.PayloadType);
        Assert.Equal((byte)audio.Codec!.PayloadType, a.PayloadType);
        Assert.Equal(0, connection.SrtpDropped);
    }

    /// <summary>Counts decrypted RTP per SSRC and checks each one's sequence numbers advance by one.</summary>
    private sealed class PacketRecorder : IRtpPacketHandler
    {
        private readonly ConcurrentDictionary<uint, TrackRecord> _tracks = new();

        public int Count(uint ssrc) => _tracks.TryGetValue(ssrc, out var t) ? t.Packets : 0;

        public TrackRecord Get(uint ssrc) => _tracks.TryGetValue(ssrc, out var t) ? t : new TrackRecord();

        public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
        {
            // A decrypted packet is plain RTP version 2 (RFC 3550 §5.1).
            if (packet.Length < 12 || packet[0] >> 6 != 2)
            {
                return;
            }

            var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
            var sequence = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
            var track = _tracks.GetOrAdd(ssrc, _ => new TrackRecord());
            lock (track)
            {
                if (track.Packets > 0 && sequence != (ushort)(track.LastSequence + 1))
                {
                    track.OutOfOrder++;
                }

                track.LastSequence = sequence;
                track.PayloadType = (byte)(packet[1] & 0x7F);
                track.Packets++;
            }
        }

        public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
        {
        }
    }

    private sealed record TrackRecord
    {
        public int Packets { get; set; }

        public int OutOfOrder { get; set; }

        public ushort LastSequence { get; set; }

        public byte PayloadType { get; set; }
    }
}
