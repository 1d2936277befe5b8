using System.Buffers.Binary;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>The receive path: counting, loss, gaps and latency per packet, allocation-free after the first packet of each SSRC.</summary>
public sealed partial class HeadlessViewer
{
    private readonly DurationHistogram _videoLatency = new();
    private readonly DurationHistogram _audioLatency = new();
    private TrackBinding _videoBinding;
    private TrackBinding _audioBinding;
    private volatile bool _bound;
    private ReceivedStream? _video;
    private ReceivedStream? _videoRtx;
    private ReceivedStream? _audio;
    private long _lastVideoAt;
    private long _longestVideoGapTicks;
    private long _malformed;
    private long _unexpected;
    private long _senderReports;
    private int _restartMeasurement;

    /// <summary>The video media stream, once its first packet arrived.</summary>
    public ReceivedStream? Video => Volatile.Read(ref _video);

    /// <summary>The video RTX stream (RFC 4588), once a retransmission arrived.</summary>
    public ReceivedStream? VideoRetransmission => Volatile.Read(ref _videoRtx);

    /// <summary>The audio stream, once its first packet arrived.</summary>
    public ReceivedStream? Audio => Volatile.Read(ref _audio);

    /// <summary>Glass-to-glass latency of every video packet that carried abs-capture-time.</summary>
    public DurationHistogram VideoLatency => _videoLatency;

    /// <summary>Glass-to-glass latency of every audio packet that carried abs-capture-time.</summary>
    public DurationHistogram AudioLatency => _audioLatency;

    /// <summary>Longest interval without a video packet since the first one, including the current silence.</summary>
    public TimeSpan LongestVideoGap
    {
        get
        {
            long last = Volatile.Read(ref _lastVideoAt);
            if (last == 0)
            {
                return TimeSpan.Zero;
            }

            var longest = TimeSpan.FromTicks(Volatile.Read(ref _longestVideoGapTicks));
            var current = State is HeadlessViewerState.Connected or HeadlessViewerState.Disconnected ? _time.GetElapsedTime(last) : TimeSpan.Zero;
            return current > longest ? current : longest;
        }
    }

    /// <summary>RTP packets that did not parse, or arrived with a payload type / SSRC this viewer did not negotiate.</summary>
    public long MalformedPackets => Volatile.Read(ref _malformed) + Volatile.Read(ref _unexpected);

    public int VerifyEvery => _options.VerifyEvery;

    /// <summary>RTX is always verified: its payload (the original sequence number) is read.</summary>
    public bool MustVerify(ReadOnlySpan<byte> header) =>
        header.Length >= 2 && _videoBinding.RtxPayloadType != 0 && (header[1] & 0x7F) == _videoBinding.RtxPayloadType;

    /// <summary>Not sampled for verification: the header is in clear, which is all the accounting below reads (RTX excepted).</summary>
    public void OnUnverifiedRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet) => OnRtp(connection, packet);

    public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
    {
        if (!ReferenceEquals(connection, _connection))
        {
            return;
        }

        if (!_bound || !RtpPacket.TryParse(packet, out var rtp))
        {
            Volatile.Write(ref _malformed, _malformed + 1);
            return;
        }

        long arrival = _time.GetTimestamp();
        if (Volatile.Read(ref _restartMeasurement) != 0)
        {
            RestartMeasurement();
        }

        var header = rtp.Header;
        byte payloadType = header.PayloadType;
        if (payloadType == _videoBinding.PayloadType && _videoBinding.IsSet)
        {
            var stream = _video ??= Publish(header.Ssrc, SdpMediaKind.Video, false, _videoBinding.ClockRate);
            if (stream.Ssrc != header.Ssrc)
            {
                Volatile.Write(ref _unexpected, _unexpected + 1);
                return;
            }

            OnMediaPacket(stream, header.SequenceNumber, header.Timestamp, arrival, packet.Length);
            TrackVideoGap(arrival);
            RecordLatency(header, _videoBinding.CaptureTimeId, _videoLatency);
        }
        else if (payloadType == _audioBinding.PayloadType && _audioBinding.IsSet)
        {
            var stream = _audio ??= Publish(header.Ssrc, SdpMediaKind.Audio, false, _audioBinding.ClockRate);
            if (stream.Ssrc != header.Ssrc)
            {
                Volatile.Write(ref _unexpected, _unexpected + 1);
                return;
            }

            OnMediaPacket(stream, header.SequenceNumber, header.Timestamp, arrival, packet.Length);
            RecordLatency(header, _audioBinding.CaptureTimeId, _audioLatency);
        }
        else if (payloadType == _videoBinding.RtxPayloadType && _videoBinding.RtxPayloadType != 0 && _video is { } media)
        {
            var rtx = _videoRtx ??= Publish(header.Ssrc, SdpMediaKind.Video, true, _videoBinding.ClockRate);
            rtx.CountPacket(packet.Length);
            rtx.Statistics.OnPacket(header.SequenceNumber, header.Timestamp, arrival);

            // RFC 4588 §4: the payload starts with the original sequence number; padding-only probes carry none.
            if (rtp.Payload.Length >= RtxPacket.OsnLength)
            {
                ushort original = BinaryPrimitives.ReadUInt16BigEndian(rtp.Payload);
                media.Statistics.OnPacket(original, header.Timestamp, arrival);
                if ((media.Nacks!.OnPacket(original) & NackPacketOutcome.Recovered) != 0)
                {
                    media.CountRetransmission();
                }
            }
        }
        else
        {
            Volatile.Write(ref _unexpected, _unexpected + 1);
        }
    }

    public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
    {
        long arrival = _time.GetTimestamp();
        foreach (var packet in new RtcpCompoundReader(compoundPacket))
        {
            if (packet.Kind == RtcpPacketKind.SenderReport && SenderReport.TryParse(packet.Data, out var report))
            {
                Volatile.Write(ref _senderReports, _senderReports + 1);

                // RFC 3550 §6.4.1: remembered for LSR/DLSR in our next report block.
                var stream = report.SenderSsrc == _video?.Ssrc ? _video : report.SenderSsrc == _audio?.Ssrc ? _audio : null;
                stream?.Statistics.OnSenderReport(report.NtpTime, arrival);
            }
        }
    }

    /// <summary>
    /// Starts latency and gap measurement afresh (at the start of a run's hold window), so the
    /// keyframe-cache burst a node sends on join, whose capture times are up to a GOP old, does not
    /// count as latency. Takes effect on the receive loop with the next packet.
    /// </summary>
    public void BeginMeasurement() => Volatile.Write(ref _restartMeasurement, 1);

    private void RestartMeasurement()
    {
        Volatile.Write(ref _restartMeasurement, 0);
        _videoLatency.Clear();
        _audioLatency.Clear();
        Volatile.Write(ref _longestVideoGapTicks, 0);
        ClearGapEvents();
    }

    private ReceivedStream Publish(uint ssrc, SdpMediaKind kind, bool isRetransmission, int clockRate)
    {
        LoadTestingLog.StreamStarted(_logger, Index, kind.ToString(), ssrc, isRetransmission);
        return new ReceivedStream(ssrc, kind, isRetransmission, clockRate, _time, _options.Nack);
    }

    private void OnMediaPacket(ReceivedStream stream, ushort sequenceNumber, uint timestamp, long arrival, int length)
    {
        stream.CountPacket(length);
        stream.Statistics.OnPacket(sequenceNumber, timestamp, arrival);
        var outcome = stream.Nacks!.OnPacket(sequenceNumber);
        if ((outcome & NackPacketOutcome.GapDetected) != 0)
        {
            // Browsers NACK as soon as a gap shows (RFC 4585 §3.2 "immediate feedback" within the budget).
            SendDueNacks(stream);
        }
        else if ((outcome & NackPacketOutcome.KeyframeRequired) != 0)
        {
            SendPictureLossIndication(stream);
        }
    }

    private void TrackVideoGap(long arrival)
    {
        long last = _lastVideoAt;
        if (last != 0)
        {
            long gap = _time.GetElapsedTime(last, arrival).Ticks;
            if (gap >= GapEventThreshold.Ticks)
            {
                RecordGapEvent(TimeSpan.FromTicks(gap));
            }

            if (gap > _longestVideoGapTicks)
            {
                Volatile.Write(ref _longestVideoGapTicks, gap);
            }
        }

        Volatile.Write(ref _lastVideoAt, arrival);
    }

    private void RecordLatency(RtpHeader header, byte extensionId, DurationHistogram histogram)
    {
        if (extensionId == 0
            || !header.TryGetExtension(extensionId, out var value)
            || !AbsCaptureTimeExtension.TryRead(value, out var captureTime, out _))
        {
            return;
        }

        // Both clocks are NTP Q32.32 on the same machine's wall clock: the difference is the latency.
        var now = NtpTimestamp.Now(_time);
        long difference = unchecked((long)(now.Value - captureTime.Value));
        long microseconds = (long)((Int128)difference * 1_000_000 >> 32);
        histogram.Record(microseconds);
    }

    private void BindNegotiated(NegotiatedSession session)
    {
        foreach (var media in session.Media)
        {
            if (media.Rejected || media.Codec is not { } codec)
            {
                continue;
            }

            var binding = new TrackBinding
            {
                IsSet = true,
                PayloadType = (byte)codec.PayloadType,
                RtxPayloadType = media.RtxPayloadType is { } rtx ? (byte)rtx : (byte)0,
                ClockRate = codec.ClockRate,
                CaptureTimeId = media.GetExtensionId(AbsCaptureTimeExtension.Uri) is { } id ? (byte)id : (byte)0,
            };
            if (media.Kind == SdpMediaKind.Video)
            {
                _videoBinding = binding;
            }
            else if (media.Kind == SdpMediaKind.Audio)
            {
                _audioBinding = binding;
            }
        }

        _bound = true;
    }

    /// <summary>What one negotiated m-line means for incoming packets.</summary>
    private struct TrackBinding
    {
        public bool IsSet;
        public byte PayloadType;
        public byte RtxPayloadType;
        public int ClockRate;
        public byte CaptureTimeId;
    }
}
