using System.Buffers.Binary;
using System.Net;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Tests.Peer;

/// <summary>Two C# peer connections on loopback sockets: offer/answer, ICE, DTLS-SRTP, media both ways, close.</summary>
public sealed class RtcPeerConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData(SdpSetupRole.Active)]
    [InlineData(SdpSetupRole.Passive)]
    public async Task OfferAnswer_BothDtlsRoles_ConnectAndCarryRtpAndRtcpDecrypted(SdpSetupRole answererSetup)
    {
        await using var sender = await Endpoint();
        await using var receiver = await Endpoint();
        await using var offerer = new RtcPeerConnection(receiver);
        await using var answerer = new RtcPeerConnection(sender);
        var received = new Recorder();
        offerer.Handler = received;
        var rtcpAtSender = new Recorder();
        answerer.Handler = rtcpAtSender;
        var tracks = new List<RemoteTrack>();
        offerer.TrackReceived += (_, track) => { lock (tracks) { tracks.Add(track); } };

        var offer = await offerer.CreateOfferAsync(new PeerMediaPlan { Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly) });
        var answer = await answerer.AcceptOfferAsync(offer, new PeerMediaPlan
        {
            Video = new LocalMediaSettings { Codecs = [RtpCodec.Vp8()], Direction = SdpDirection.SendOnly, UseRtx = true },
            Tracks = [new LocalTrack { Kind = SdpMediaKind.Video, Ssrc = 0xCAFE, RtxSsrc = 0xBEEF, StreamId = "s", TrackId = "v", Cname = "c" }],
        }, answererSetup);
        offerer.AcceptAnswer(answer);

        await Task.WhenAll(WaitConnected(offerer), WaitConnected(answerer));
        Assert.True(offerer.Negotiated!.IceControlling);
        Assert.False(answerer.Negotiated!.IceControlling);
        var expectedAnswererRole = answererSetup == SdpSetupRole.Active ? NegotiatedDtlsRole.Client : NegotiatedDtlsRole.Server;
        Assert.Equal(expectedAnswererRole, answerer.Negotiated.LocalDtlsRole);

        var payloadType = (byte)answerer.Negotiated.Media.Single().Codec!.PayloadType;
        var buffer = new byte[1500];
        for (ushort seq = 100; seq < 150; seq++)
        {
            var length = WriteRtp(buffer, payloadType, seq, 0xCAFE);
            Assert.True(answerer.SendRtp(buffer, length));
        }

        // RTCP the other way: a PLI from the receiver (RFC 4585 §6.3.1).
        var pli = new byte[12 + 32];
        Convert.FromHexString("81CE0002" + "00000001" + "0000CAFE").CopyTo(pli, 0);
        Assert.True(offerer.SendRtcp(pli, 12));

        await WaitUntil(() => received.RtpCount >= 50 && rtcpAtSender.RtcpCount >= 1);
        Assert.Equal(Enumerable.Range(100, 50).Select(i => (ushort)i), received.SequenceNumbers);
        Assert.Equal(0xCAFEu, Assert.Single(tracks).Ssrc);
        Assert.Equal(SdpMediaKind.Video, tracks[0].Kind);
        Assert.Equal(0, offerer.SrtpDropped + answerer.SrtpDropped);
        Assert.Equal(0, received.Corrupted);
    }

    [Fact]
    public async Task DisposeAsync_ReleasesTheSocketRegistrationAndStopsSending()
    {
        await using var a = await Endpoint();
        await using var b = await Endpoint();
        var offerer = new RtcPeerConnection(a);
        await using var answerer = new RtcPeerConnection(b);
        var offer = await offerer.CreateOfferAsync(new PeerMediaPlan { Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly) });
        offerer.AcceptAnswer(await answerer.AcceptOfferAsync(offer, new PeerMediaPlan { Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly) }));
        await WaitConnected(offerer);
        Assert.Equal(1, a.Mux.RegistrationCount);

        await offerer.DisposeAsync();

        Assert.Equal(PeerConnectionState.Closed, offerer.State);
        Assert.Equal(0, a.Mux.RegistrationCount);
        var buffer = new byte[256];
        Assert.False(offerer.SendRtp(buffer, WriteRtp(buffer, 111, 1, 1)));
    }

    [Fact]
    public async Task AcceptOffer_MalformedSdp_ThrowsParseExceptionAndLeavesNothingRegistered()
    {
        await using var endpoint = await Endpoint();
        await using var connection = new RtcPeerConnection(endpoint);

        await Assert.ThrowsAsync<SdpParseException>(() => connection.AcceptOfferAsync("v=0\r\nnonsense\r\n", new PeerMediaPlan()));
        Assert.Equal(0, endpoint.Mux.RegistrationCount);
    }

    private static Task<WebRtcEndpoint> Endpoint() =>
        Task.FromResult(new WebRtcEndpoint(new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback }), DtlsCertificate.Generate()));

    private static async Task WaitConnected(RtcPeerConnection connection)
    {
        await WaitUntil(() => connection.State is PeerConnectionState.Connected or PeerConnectionState.Failed);
        Assert.Equal(PeerConnectionState.Connected, connection.State);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), "condition not met in time");
    }

    private static int WriteRtp(Span<byte> buffer, byte payloadType, ushort sequenceNumber, uint ssrc)
    {
        buffer[0] = 0x80;
        buffer[1] = payloadType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], sequenceNumber * 3000u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], ssrc);
        buffer.Slice(12, 100).Fill(0xAB);
        return 112;
    }

    private sealed class Recorder : IRtpPacketHandler
    {
        private readonly List<ushort> _sequenceNumbers = [];
        private int _rtcp;
        private int _corrupted;

        /// <summary>Packets whose payload did not come through decrypted and intact.</summary>
        public int Corrupted => Volatile.Read(ref _corrupted);

        public int RtpCount
        {
            get
            {
                lock (_sequenceNumbers)
                {
                    return _sequenceNumbers.Count;
                }
            }
        }

        public int RtcpCount => Volatile.Read(ref _rtcp);

        public ushort[] SequenceNumbers
        {
            get
            {
                lock (_sequenceNumbers)
                {
                    return [.. _sequenceNumbers];
                }
            }
        }

        public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
        {
            if (packet.Length != 112 || packet[12] != 0xAB || packet[^1] != 0xAB)
            {
                Interlocked.Increment(ref _corrupted);
                return;
            }

            lock (_sequenceNumbers)
            {
                _sequenceNumbers.Add(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
            }
        }

        public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket) => Interlocked.Increment(ref _rtcp);
    }
}
