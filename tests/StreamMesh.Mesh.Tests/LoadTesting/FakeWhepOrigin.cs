using System.Net;
using System.Text;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Tests.LoadTesting;

/// <summary>
/// A WHEP server inside the test: answers the viewer's POST with a real send-only peer connection on its
/// own loopback socket, records the RTCP it gets back, and lets the test send hand-made RTP.
/// </summary>
internal sealed class FakeWhepOrigin : HttpMessageHandler, IRtpPacketHandler
{
    public const uint VideoSsrc = 0x1111_0001;
    public const uint RtxSsrc = 0x1111_0002;
    public const uint AudioSsrc = 0x1111_0003;

    private readonly List<ushort> _nacked = [];
    private readonly byte[] _buffer = new byte[1500];
    private WebRtcEndpoint? _endpoint;
    private int _receiverReports;
    private int _deletes;
    private ushort _rtxSequence = 500;

    public RtcPeerConnection? Connection { get; private set; }

    public int ReceiverReportsWithBlocks => Volatile.Read(ref _receiverReports);

    public int Deletes => Volatile.Read(ref _deletes);

    public IReadOnlyList<ushort> Nacked
    {
        get
        {
            lock (_nacked)
            {
                return [.. _nacked];
            }
        }
    }

    public async Task WaitConnectedAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Connection?.State != PeerConnectionState.Connected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(PeerConnectionState.Connected, Connection?.State);
    }

    /// <summary>Sends one media packet stamped with abs-capture-time <paramref name="age"/> before now.</summary>
    public void SendMedia(SdpMediaKind kind, ushort sequenceNumber, TimeSpan age)
    {
        var connection = Connection!;
        var media = connection.Negotiated!.Media.Single(m => m.Kind == kind);
        Span<byte> extensionBuffer = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, RtpHeaderExtensionForm.OneByte);
        var captureTime = NtpTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - age);
        Assert.True(AbsCaptureTimeExtension.TryAdd(ref extensions, (byte)media.GetExtensionId(AbsCaptureTimeExtension.Uri)!.Value, captureTime));
        var header = new RtpHeader
        {
            PayloadType = (byte)media.Codec!.PayloadType,
            SequenceNumber = sequenceNumber,
            Timestamp = sequenceNumber * 3000u,
            Ssrc = kind == SdpMediaKind.Video ? VideoSsrc : AudioSsrc,
            ExtensionProfile = extensions.Profile,
            ExtensionData = extensions.Complete(),
        };
        int length = header.WriteTo(_buffer);
        _buffer.AsSpan(length, 200).Fill(0x42);
        Assert.True(connection.SendRtp(_buffer, length + 200));
    }

    /// <summary>Repairs video packet <paramref name="sequenceNumber"/> on the RTX stream (RFC 4588 §4).</summary>
    public void SendRetransmission(ushort sequenceNumber)
    {
        var connection = Connection!;
        var media = connection.Negotiated!.Media.Single(m => m.Kind == SdpMediaKind.Video);
        var original = new byte[1500];
        var header = new RtpHeader { PayloadType = (byte)media.Codec!.PayloadType, SequenceNumber = sequenceNumber, Timestamp = 1, Ssrc = VideoSsrc };
        int length = header.WriteTo(original);
        original.AsSpan(length, 100).Fill(0x42);
        Assert.True(RtxPacket.TryWrap(original.AsSpan(0, length + 100), _buffer, RtxSsrc, (byte)media.RtxPayloadType!.Value, _rtxSequence++, out int written));
        Assert.True(connection.SendRtp(_buffer, written));
    }

    public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
    {
    }

    public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
    {
        foreach (var packet in new RtcpCompoundReader(compoundPacket))
        {
            if (packet.Kind == RtcpPacketKind.GenericNack && GenericNack.TryParse(packet.Data, out var nack))
            {
                lock (_nacked)
                {
                    foreach (var sequenceNumber in nack.LostSequenceNumbers)
                    {
                        _nacked.Add(sequenceNumber);
                    }
                }
            }
            else if (packet.Kind == RtcpPacketKind.ReceiverReport && ReceiverReport.TryParse(packet.Data, out var report) && report.ReportBlocks.Count > 0)
            {
                Interlocked.Increment(ref _receiverReports);
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Delete)
        {
            Interlocked.Increment(ref _deletes);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }

        var offer = await request.Content!.ReadAsStringAsync(cancellationToken);
        _endpoint = new WebRtcEndpoint(new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Loopback }), DtlsCertificate.Generate());
        var connection = new RtcPeerConnection(_endpoint) { Handler = this };
        string[] extensions = [AbsCaptureTimeExtension.Uri];
        var answer = await connection.AcceptOfferAsync(offer, new PeerMediaPlan
        {
            Video = new LocalMediaSettings { Codecs = [RtpCodec.H264()], Direction = SdpDirection.SendOnly, HeaderExtensions = extensions, UseRtx = true },
            Audio = new LocalMediaSettings { Codecs = [RtpCodec.Opus()], Direction = SdpDirection.SendOnly, HeaderExtensions = extensions },
            Tracks =
            [
                new LocalTrack { Kind = SdpMediaKind.Video, Ssrc = VideoSsrc, RtxSsrc = RtxSsrc, StreamId = "s", TrackId = "v", Cname = "c" },
                new LocalTrack { Kind = SdpMediaKind.Audio, Ssrc = AudioSsrc, StreamId = "s", TrackId = "a", Cname = "c" },
            ],
        }, cancellationToken: cancellationToken);
        Connection = connection;
        var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(answer, Encoding.UTF8, "application/sdp") };
        response.Headers.Location = new Uri("/whep/test/session-1", UriKind.Relative);
        return response;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Connection?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _endpoint?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
    }
}
