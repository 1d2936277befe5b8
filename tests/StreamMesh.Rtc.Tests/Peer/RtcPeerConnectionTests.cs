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
    public async Task SampledVerification_EveryKth_TamperedSampledPacketCaughtAndEveryHeaderAccounted()
    {
        const int VerifyEvery = 4;
        var swallow = new SwallowingDelayPolicy();
        await using var sender = new WebRtcEndpoint(new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback, SendDelayPolicy = swallow }), DtlsCertificate.Generate());
        await using var receiver = await Endpoint();
        await using var offerer = new RtcPeerConnection(receiver);
        await using var answerer = new RtcPeerConnection(sender);
        var received = new SampledRecorder(VerifyEvery);
        offerer.Handler = received;
        var offer = await offerer.CreateOfferAsync(new PeerMediaPlan { Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly) });
        offerer.AcceptAnswer(await answerer.AcceptOfferAsync(offer, new PeerMediaPlan
        {
            Video = new LocalMediaSettings { Codecs = [RtpCodec.Vp8()], Direction = SdpDirection.SendOnly },
            Tracks = [new LocalTrack { Kind = SdpMediaKind.Video, Ssrc = 0xCAFE, StreamId = "s", TrackId = "v", Cname = "c" }],
        }));
        await Task.WhenAll(WaitConnected(offerer), WaitConnected(answerer));
        var payloadType = (byte)answerer.Negotiated!.Media.Single().Codec!.PayloadType;

        // The first 16 are verified; then every 4th arrival: 119, 123, 127, 131, ... 131 is sampled, 133 is not.
        const ushort TamperedSampled = 131;
        const ushort TamperedUnsampled = 133;
        var buffer = new byte[1500];
        for (ushort seq = 100; seq < 150; seq++)
        {
            var length = WriteRtp(buffer, payloadType, seq, 0xCAFE);
            if (seq is not (TamperedSampled or TamperedUnsampled))
            {
                Assert.True(answerer.SendRtp(buffer, length));
                continue;
            }

            // Protect without letting it out, flip one ciphertext byte, then put it on the wire.
            swallow.Enabled = true;
            Assert.True(answerer.SendRtp(buffer, length));
            swallow.Enabled = false;
            buffer[50] ^= 0x01;
            Assert.True(sender.Mux.Send(buffer.AsSpan(0, length + answerer.RtpOverhead), receiver.Mux.LocalEndPoint));
        }

        await WaitUntil(() => received.Headers.Length + offerer.SrtpDropped >= 50);

        // The tampered packet that was sampled failed authentication and was dropped and counted.
        Assert.Equal(1, offerer.SrtpDropped);
        Assert.Equal(Enumerable.Range(100, 50).Where(s => s != TamperedSampled).Select(s => (ushort)s), received.Headers);

        // 116..149 minus the 8 sampled (119 + 4k): 26 handed on from their clear header, payload still encrypted.
        Assert.Equal(26, offerer.RtpUnverified);
        Assert.Equal(26, received.Unverified);
        Assert.Equal(0, received.EncryptedAmongVerified);
        Assert.Equal(26, received.EncryptedAmongUnverified);
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

    /// <summary>Holds back (for good) every datagram sent while enabled: a packet protected but never delivered.</summary>
    private sealed class SwallowingDelayPolicy : IUdpSendDelayPolicy
    {
        private volatile bool _enabled;

        public bool Enabled
        {
            get => _enabled;
            set => _enabled = value;
        }

        public TimeSpan GetDelay(SocketAddress remote) => _enabled ? TimeSpan.FromHours(1) : TimeSpan.Zero;
    }

    private sealed class SampledRecorder(int verifyEvery) : ISampledRtpPacketHandler
    {
        private readonly List<ushort> _headers = [];
        private int _unverified;
        private int _encryptedAmongVerified;
        private int _encryptedAmongUnverified;

        public int VerifyEvery => verifyEvery;

        public int Unverified => Volatile.Read(ref _unverified);

        public int EncryptedAmongVerified => Volatile.Read(ref _encryptedAmongVerified);

        public int EncryptedAmongUnverified => Volatile.Read(ref _encryptedAmongUnverified);

        public ushort[] Headers
        {
            get
            {
                lock (_headers)
                {
                    return [.. _headers];
                }
            }
        }

        public bool MustVerify(ReadOnlySpan<byte> header) => false;

        public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet) => Record(packet, ref _encryptedAmongVerified);

        public void OnUnverifiedRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
        {
            Interlocked.Increment(ref _unverified);
            Record(packet, ref _encryptedAmongUnverified);
        }

        public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
        {
        }

        private void Record(ReadOnlySpan<byte> packet, ref int encrypted)
        {
            // WriteRtp fills the payload with 0xAB: anything else is ciphertext.
            if (packet.Length != 112 || packet[12..].ContainsAnyExcept((byte)0xAB))
            {
                Interlocked.Increment(ref encrypted);
            }

            lock (_headers)
            {
                _headers.Add(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]));
            }
        }
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
