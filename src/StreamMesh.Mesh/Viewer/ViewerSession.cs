using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.H264;
using StreamMesh.Media.Payload.Vp8;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// The media half of a headless viewer: receives one WHEP session's decrypted RTP/RTCP, repairs video
/// loss with NACK/RTX (RFC 4585 §6.2.1, RFC 4588), asks for keyframes with PLI when the depayloader
/// needs one (RFC 4585 §6.3.1, collapsed by <see cref="KeyframeRequestLimiter"/>), depayloads video,
/// decodes audio with Concentus to check its continuity, measures glass-to-glass latency from
/// abs-capture-time, and feeds an optional recording.
/// </summary>
/// <remarks>
/// Thread-safety: packets arrive on the socket's receive loop, <see cref="OnTick"/> on a timer, and
/// snapshots are read by the progress loop; one lock serialises them. Nothing here blocks: the
/// recorder queues.
/// </remarks>
public sealed partial class ViewerSession : IRtpPacketHandler, IDisposable
{
    private const int MaxPacketSize = 1500;
    private const int RtcpBufferSize = 1500;

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly uint _localSsrc = (uint)Random.Shared.Next(1, int.MaxValue);
    private readonly byte[] _unwrapBuffer = new byte[MaxPacketSize];
    private readonly byte[] _rtcpBuffer = new byte[RtcpBufferSize];
    private readonly ushort[] _dueNacks = new ushort[128];
    private readonly NackPair[] _nackPairs = new NackPair[128];

    private readonly int _videoPayloadType;
    private readonly int? _videoRtxPayloadType;
    private readonly int _audioPayloadType;
    private readonly byte? _videoCaptureTimeId;
    private readonly IRtpDepayloader _depayloader;
    private readonly RtpReorderBuffer _reorder;
    private readonly NackGenerator _nack;
    private readonly KeyframeRequestLimiter _keyframes;
    private readonly LatencyHistogram _latency;
    private readonly RecordingTimeline? _timeline;
    private readonly AudioTrackReceiver _audio;

    private RtcPeerConnection? _connection;
    private ReceiverStatistics? _videoStatistics;
    private uint _videoSsrc;
    private long _lastReport;
    private long _firstPacketAt;

    private long _videoPackets;
    private long _bytes;
    private long _retransmissions;
    private long _nacksSent;
    private long _plisSent;
    private long _frames;
    private long _keyframesReceived;
    private long _malformed;
    private int _maxLatency;

    /// <param name="latency">A histogram shared with earlier sessions of the same run (a viewer that changed parents); null for its own.</param>
    public ViewerSession(NegotiatedSession negotiated, ViewerOptions options, IRecordingSink? recorder = null, TimeProvider? timeProvider = null, ILogger? logger = null, LatencyHistogram? latency = null)
    {
        _latency = latency ?? new LatencyHistogram();
        ArgumentNullException.ThrowIfNull(negotiated);
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;

        var video = negotiated.Media.FirstOrDefault(m => m.Kind == SdpMediaKind.Video && !m.Rejected && m.Codec is not null)
            ?? throw new ViewerException(ViewerFailure.Refused, "the parent accepted no video (H.264 or VP8)");
        var audio = negotiated.Media.FirstOrDefault(m => m.Kind == SdpMediaKind.Audio && !m.Rejected && m.Codec is not null)
            ?? throw new ViewerException(ViewerFailure.Refused, "the parent accepted no Opus audio");

        VideoCodec = video.Codec!.Name.ToUpperInvariant();
        IsVp8 = video.Codec.IsNamed(RtpCodecNames.Vp8);
        _videoPayloadType = video.Codec.PayloadType;
        _videoRtxPayloadType = video.RtxPayloadType;
        _audioPayloadType = audio.Codec!.PayloadType;
        _videoCaptureTimeId = (byte?)video.GetExtensionId(AbsCaptureTimeExtension.Uri);
        _videoSsrc = video.RemoteFidGroups.Count > 0 ? video.RemoteFidGroups[0].MediaSsrc : 0;

        _depayloader = IsVp8 ? new Vp8Depayloader(logger: _logger) : new H264Depayloader(logger: _logger);
        _reorder = new RtpReorderBuffer(1024, MaxPacketSize, options.ReorderWindow, _time);
        _nack = new NackGenerator(new NackGeneratorOptions { MaxAge = options.ReorderWindow > TimeSpan.FromMilliseconds(100) ? options.ReorderWindow : TimeSpan.FromMilliseconds(100) }, _time, _logger);
        _keyframes = new KeyframeRequestLimiter(null, _time, _logger);
        _timeline = recorder is null ? null : new RecordingTimeline(recorder);
        _audio = new AudioTrackReceiver(
            audio.RemoteSsrcs.Count > 0 ? audio.RemoteSsrcs[0] : 0,
            (byte?)audio.GetExtensionId(AbsCaptureTimeExtension.Uri),
            options,
            _timeline,
            _time,
            _logger);
    }

    /// <summary>The negotiated video codec name, upper case (H264, VP8).</summary>
    public string VideoCodec { get; }

    public bool IsVp8 { get; }

    /// <summary>True once the first RTP packet has arrived.</summary>
    public bool HasMedia
    {
        get
        {
            lock (_gate)
            {
                return _firstPacketAt != 0;
            }
        }
    }

    /// <summary>RTP bytes and complete video frames so far: the cheap reading the watch loop takes every tick (a <see cref="Snapshot"/> computes percentiles).</summary>
    public (long Bytes, long Frames) Counters
    {
        get
        {
            lock (_gate)
            {
                return (_bytes, _frames);
            }
        }
    }

    /// <summary>The connection to send feedback on; set before media can arrive.</summary>
    public void Attach(RtcPeerConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        lock (_gate)
        {
            _connection = connection;
        }

        connection.Handler = this;
    }

    public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
    {
        lock (_gate)
        {
            if (!RtpPacket.TryParse(packet, out var rtp))
            {
                _malformed++;
                return;
            }

            if (_firstPacketAt == 0)
            {
                _firstPacketAt = _time.GetTimestamp();
            }

            _bytes += packet.Length;
            var payloadType = rtp.Header.PayloadType;
            if (payloadType == _videoRtxPayloadType)
            {
                OnVideoRetransmission(packet);
            }
            else if (payloadType == _videoPayloadType)
            {
                OnVideo(packet, rtp, retransmitted: false);
            }
            else if (payloadType == _audioPayloadType)
            {
                _audio.OnPacket(rtp);
            }
        }
    }

    public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
    {
        lock (_gate)
        {
            foreach (var item in new RtcpCompoundReader(compoundPacket))
            {
                if (item.Kind == RtcpPacketKind.SenderReport && SenderReport.TryParse(item.Data, out var report))
                {
                    var statistics = report.SenderSsrc == _videoSsrc ? _videoStatistics : report.SenderSsrc == _audio.Ssrc ? _audio.Statistics : null;
                    statistics?.OnSenderReport(report.NtpTime);
                }
            }
        }
    }

    /// <summary>
    /// Call every 10-20 ms: sends due NACKs and pending PLIs, releases video whose repair wait expired,
    /// and once a second sends receiver reports (RFC 3550 §6.4.2).
    /// </summary>
    public void OnTick()
    {
        lock (_gate)
        {
            SendDueNacks();
            if (_keyframes.TryRequestPending())
            {
                SendPli();
            }

            DrainVideo();
            if (_lastReport == 0 || _time.GetElapsedTime(_lastReport) >= ReportInterval)
            {
                _lastReport = _time.GetTimestamp();
                SendReceiverReport();
            }
        }
    }

    /// <summary>Counters for the progress line and the stats file.</summary>
    public ViewerSessionSnapshot Snapshot()
    {
        lock (_gate)
        {
            var depayload = _depayloader.Statistics;
            var video = new VideoReport(
                VideoCodec,
                _videoPackets,
                Math.Max(0, _videoStatistics?.CumulativeLost ?? 0),
                _retransmissions,
                _reorder.SkippedPackets,
                _nacksSent,
                _plisSent,
                _frames,
                _keyframesReceived,
                depayload.FramesDropped + depayload.FramesAwaitingKeyframe);
            var audio = _audio.Report();
            var latency = new LatencyReport(_latency.Count, _latency.Percentile(50), _latency.Percentile(95), _latency.Count > 0 ? _maxLatency : null);
            int? last = _latency.Last is { } l ? (int)Math.Round(l.TotalMilliseconds) : null;
            return new ViewerSessionSnapshot(_bytes, video, audio, latency, last, _timeline?.SilenceSamplesInserted ?? 0);
        }
    }

    public void Dispose() => _audio.Dispose();

    private void OnVideoRetransmission(ReadOnlySpan<byte> packet)
    {
        // RFC 4588 §4: the original sequence number is the first two payload bytes.
        if (_videoSsrc == 0 || !RtxPacket.TryUnwrap(packet, _unwrapBuffer, _videoSsrc, (byte)_videoPayloadType, out var length)
            || !RtpPacket.TryParse(_unwrapBuffer.AsSpan(0, length), out var original))
        {
            return;
        }

        _retransmissions++;
        OnVideo(_unwrapBuffer.AsSpan(0, length), original, retransmitted: true);
    }

    private void OnVideo(ReadOnlySpan<byte> packet, RtpPacket rtp, bool retransmitted)
    {
        var header = rtp.Header;
        if (_videoSsrc == 0)
        {
            _videoSsrc = header.Ssrc;
        }

        if (header.Ssrc != _videoSsrc)
        {
            return;
        }

        if (!retransmitted)
        {
            _videoPackets++;
            _videoStatistics ??= new ReceiverStatistics(header.Ssrc, new ReceiverStatisticsOptions { ClockRate = 90_000 }, _time, _logger);
            _videoStatistics.OnPacket(header.SequenceNumber, header.Timestamp);
            if (header.Marker && TryReadCaptureTime(header, _videoCaptureTimeId, out var capture))
            {
                RecordLatency(capture);
            }
        }

        var outcome = _nack.OnPacket(header.SequenceNumber);
        if ((outcome & NackPacketOutcome.KeyframeRequired) != 0)
        {
            RequestKeyframe();
        }

        if ((outcome & NackPacketOutcome.GapDetected) != 0)
        {
            SendDueNacks();
        }

        _reorder.Insert(packet, header.SequenceNumber);
        DrainVideo();
    }

    private void DrainVideo()
    {
        while (_reorder.TryDequeue(out var packet, out _))
        {
            if (!RtpPacket.TryParse(packet, out var rtp))
            {
                continue;
            }

            var header = rtp.Header;
            var status = _depayloader.Push(rtp.Payload, header.Marker, header.SequenceNumber, header.Timestamp, out var frame);
            if (status == DepayloadStatus.FrameReady)
            {
                _frames++;
                if (frame.IsKeyframe)
                {
                    _keyframesReceived++;
                    _keyframes.OnKeyframeReceived();
                }

                if (_timeline is not null)
                {
                    var capture = TryReadCaptureTime(header, _videoCaptureTimeId, out var c) ? c : _time.GetUtcNow();
                    _timeline.OnVideoFrame(frame.Data, frame.Timestamp, frame.IsKeyframe, capture);
                }
            }
            else if (_depayloader.NeedsKeyframe)
            {
                RequestKeyframe();
            }
        }
    }

    /// <summary>Reads abs-capture-time (the capture instant on the sender's NTP clock) when the extension is negotiated and present.</summary>
    internal static bool TryReadCaptureTime(RtpHeader header, byte? id, out DateTimeOffset captureTime)
    {
        captureTime = default;
        if (id is not { } extensionId || !header.TryGetExtension(extensionId, out var value)
            || !AbsCaptureTimeExtension.TryRead(value, out var ntp, out _))
        {
            return false;
        }

        captureTime = ntp.ToDateTimeOffset();
        return true;
    }

    private void RecordLatency(DateTimeOffset captureTime)
    {
        var latency = _time.GetUtcNow() - captureTime;
        _latency.Add(latency);
        _maxLatency = Math.Max(_maxLatency, (int)Math.Min(int.MaxValue, latency.TotalMilliseconds));
    }

    private void RequestKeyframe()
    {
        if (_keyframes.TryRequest())
        {
            SendPli();
        }
    }

    private void SendPli()
    {
        if (_videoSsrc == 0 || _connection is null)
        {
            return;
        }

        var writer = new RtcpCompoundWriter(_rtcpBuffer.AsSpan(0, RtcpBufferSize - 64));
        writer.TryAppend(new ReceiverReport(_localSsrc));
        writer.TryAppend(new PictureLossIndication(_localSsrc, _videoSsrc));
        if (_connection.SendRtcp(_rtcpBuffer, writer.Length))
        {
            _plisSent++;
            LogPliSent(_logger, _videoSsrc);
        }
    }

    private void SendDueNacks()
    {
        if (_videoSsrc == 0 || _connection is null)
        {
            return;
        }

        var due = _nack.CollectDue(_dueNacks);
        if (due == 0)
        {
            return;
        }

        var pairs = GenericNack.BuildPairs(_dueNacks.AsSpan(0, due), _nackPairs);
        var writer = new RtcpCompoundWriter(_rtcpBuffer.AsSpan(0, RtcpBufferSize - 64));
        writer.TryAppend(new ReceiverReport(_localSsrc));
        writer.TryAppend(new GenericNack(_localSsrc, _videoSsrc, _nackPairs.AsSpan(0, pairs)));
        if (_connection.SendRtcp(_rtcpBuffer, writer.Length))
        {
            _nacksSent += due;
        }
    }

    private void SendReceiverReport()
    {
        if (_connection is null || (_videoStatistics is null && _audio.Statistics is null))
        {
            return;
        }

        Span<ReportBlock> blocks = stackalloc ReportBlock[2];
        var count = 0;
        if (_videoStatistics is not null)
        {
            blocks[count++] = _videoStatistics.CreateReportBlock();
        }

        if (_audio.Statistics is { } audioStatistics)
        {
            blocks[count++] = audioStatistics.CreateReportBlock();
        }

        var writer = new RtcpCompoundWriter(_rtcpBuffer.AsSpan(0, RtcpBufferSize - 64));
        writer.TryAppend(new ReceiverReport(_localSsrc, blocks[..count]));
        writer.TryAppend(new SourceDescription(_localSsrc, "streammesh-viewer"));
        _connection.SendRtcp(_rtcpBuffer, writer.Length);
    }

    [LoggerMessage(EventId = 2110, Level = LogLevel.Debug, Message = "Viewer: PLI sent for SSRC {Ssrc}")]
    private static partial void LogPliSent(ILogger logger, uint ssrc);
}
