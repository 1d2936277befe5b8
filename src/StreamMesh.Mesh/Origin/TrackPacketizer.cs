using StreamMesh.Media.Payload;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Turns encoded frames of one track into the stream's canonical RTP packets (RFC 3550 §5.1) and
/// hands each to the live stream once. Every packet carries abs-send-time and abs-capture-time
/// (the ingest wall clock), so any viewer down the tree can compute glass-to-glass latency.
/// One instance per track, used from one thread.
/// </summary>
internal sealed class TrackPacketizer : IRtpPayloadSink
{
    private readonly byte[] _packet = new byte[1500];
    private readonly StreamTrack _track;
    private readonly IRtpPayloader _payloader;
    private readonly Action<ReadOnlySpan<byte>, bool> _publish;
    private ushort _sequenceNumber;
    private uint _timestamp;
    private NtpTimestamp _captureTime;
    private bool _frameIsKeyframe;
    private bool _firstPacketOfFrame;

    /// <param name="publish">Receives each packet and whether it is the first packet of a keyframe.</param>
    public TrackPacketizer(StreamTrack track, IRtpPayloader payloader, Action<ReadOnlySpan<byte>, bool> publish)
    {
        _track = track;
        _payloader = payloader;
        _publish = publish;

        // RFC 3550 §5.1: the initial sequence number should be random.
        _sequenceNumber = (ushort)Random.Shared.Next(0, 0x8000);
    }

    public long PacketsWritten { get; private set; }

    public void WriteFrame(ReadOnlySpan<byte> frame, uint rtpTimestamp, DateTimeOffset captureTime, bool keyframe)
    {
        _timestamp = rtpTimestamp;
        _captureTime = NtpTimestamp.FromDateTimeOffset(captureTime);
        _frameIsKeyframe = keyframe;
        _firstPacketOfFrame = true;
        _payloader.Packetize(frame, this);
    }

    /// <summary>
    /// Writes one already-packetized payload (a WHIP publisher's RTP payload, forwarded without re-packetizing)
    /// under this track's SSRC, sequence numbers and header extensions.
    /// </summary>
    public void WritePacket(ReadOnlySpan<byte> payload, uint rtpTimestamp, DateTimeOffset captureTime, bool marker, bool startsKeyframe)
    {
        _timestamp = rtpTimestamp;
        _captureTime = NtpTimestamp.FromDateTimeOffset(captureTime);
        _frameIsKeyframe = startsKeyframe;
        _firstPacketOfFrame = true;
        OnPayload(default, payload, marker);
    }

    public void OnPayload(ReadOnlySpan<byte> payloadHeader, ReadOnlySpan<byte> payloadBody, bool marker)
    {
        Span<byte> extensionBuffer = stackalloc byte[32];
        var extensions = new RtpHeaderExtensionWriter(extensionBuffer, RtpHeaderExtensionForm.OneByte);
        AbsSendTimeExtension.TryAdd(ref extensions, StreamTrack.AbsSendTimeId, AbsSendTimeExtension.FromNtp(_captureTime));
        AbsCaptureTimeExtension.TryAdd(ref extensions, StreamTrack.AbsCaptureTimeId, _captureTime);

        var header = new RtpHeader
        {
            Marker = marker,
            PayloadType = _track.PayloadType,
            SequenceNumber = _sequenceNumber++,
            Timestamp = _timestamp,
            Ssrc = _track.Ssrc,
            ExtensionProfile = extensions.Profile,
            ExtensionData = extensions.Complete(),
        };

        var length = header.WriteTo(_packet);
        payloadHeader.CopyTo(_packet.AsSpan(length));
        length += payloadHeader.Length;
        payloadBody.CopyTo(_packet.AsSpan(length));
        length += payloadBody.Length;

        _publish(_packet.AsSpan(0, length), _frameIsKeyframe && _firstPacketOfFrame);
        _firstPacketOfFrame = false;
        PacketsWritten++;
    }
}
