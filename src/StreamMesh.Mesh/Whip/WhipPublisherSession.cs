using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Mesh.Origin;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Whip;

/// <summary>
/// One WHIP publisher (RFC 9725): a receive-only peer connection whose H.264/VP8 and Opus RTP is forwarded into
/// the stream without re-encoding — each payload re-issued under the stream's SSRC, sequence numbers and timeline,
/// with abs-capture-time stamped here at ingest. Viewers' keyframe requests reach the publisher as PLI
/// (RFC 4585 §6.3.1, at most one per <see cref="KeyframeRequestInterval"/>), and a REMB (draft-alvestrand-rmcat-remb)
/// each second lets a browser publisher raise its bitrate.
/// </summary>
/// <remarks>
/// Packets arrive on the socket's receive loop (one thread); forwarding starts and stops under a lock the receive
/// loop also takes, so the stream's supervisor never has the slate and the publisher writing at once.
/// </remarks>
public sealed partial class WhipPublisherSession : IRtpPacketHandler, IAsyncDisposable
{
    /// <summary>Smallest spacing of keyframe requests sent to the publisher.</summary>
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _forwardLock = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KeyframeStartDetector _keyframes;
    private readonly RtpCaptureClock _videoClock = new(90_000);
    private readonly RtpCaptureClock _audioClock = new(48_000);
    private readonly uint _localSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private readonly ulong _maxBitrate;
    private readonly ITimer _reportTimer;
    private StreamPublisher? _publisher;
    private int _videoPayloadType = -1;
    private int _audioPayloadType = -1;
    private uint _videoSsrc;
    private long _lastKeyframeRequestTicks = long.MinValue;
    private long _packetsReceived;
    private long _packetsForwarded;
    private long _packetsDropped;
    private long _keyframeRequestsSent;
    private int _disposed;

    public WhipPublisherSession(string id, WhipIngestPoint point, RtcPeerConnection connection, int maxBitrateKbps, TimeProvider time, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(connection);
        Id = id;
        Point = point;
        Connection = connection;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _maxBitrate = (ulong)maxBitrateKbps * 1000;
        _keyframes = new KeyframeStartDetector(point.Stream.Video.Codec);
        connection.Handler = this;
        connection.StateChanged += OnStateChanged;
        point.Stream.KeyframeRequested += OnKeyframeRequested;
        _reportTimer = time.CreateTimer(static s => ((WhipPublisherSession)s!).SendReceiverFeedback(), this, ReportInterval, ReportInterval);
    }

    public string Id { get; }

    public WhipIngestPoint Point { get; }

    public RtcPeerConnection Connection { get; }

    public string AnswerSdp { get; private set; } = string.Empty;

    /// <summary>Completes with the reason once the publisher is gone (DELETE, ICE or DTLS failure, lost consent).</summary>
    public Task<string> Ended => _ended.Task;

    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);

    public long PacketsForwarded => Interlocked.Read(ref _packetsForwarded);

    /// <summary>Packets not forwarded: before forwarding started, while waiting for a keyframe, padding, unknown payload types.</summary>
    public long PacketsDropped => Interlocked.Read(ref _packetsDropped);

    public long KeyframeRequestsSent => Interlocked.Read(ref _keyframeRequestsSent);

    /// <summary>
    /// What the origin accepts from a publisher: receive-only video in the stream's codec (no RTX: losses are
    /// repaired by a keyframe request) and receive-only Opus. No transport-cc, so a browser falls back to REMB
    /// and loss-based control, which this session feeds.
    /// </summary>
    public static PeerMediaPlan CreatePlan(StreamTrack video)
    {
        ArgumentNullException.ThrowIfNull(video);
        IReadOnlyList<RtcpFeedback> videoFeedback = [RtcpFeedback.GoogRemb, RtcpFeedback.CcmFir, RtcpFeedback.NackPli];
        var codec = video.Codec == "VP8" ? RtpCodec.Vp8() with { RtcpFeedback = videoFeedback } : RtpCodec.H264() with { RtcpFeedback = videoFeedback };
        string[] extensions = [RtpHeaderExtensionUris.SdesMid, RtpHeaderExtensionUris.AbsSendTime];
        return new PeerMediaPlan
        {
            Video = new LocalMediaSettings { Codecs = [codec], Direction = SdpDirection.RecvOnly, HeaderExtensions = extensions },
            Audio = new LocalMediaSettings { Codecs = [RtpCodec.Opus() with { RtcpFeedback = [] }], Direction = SdpDirection.RecvOnly, HeaderExtensions = extensions },
        };
    }

    /// <summary>Records the answer and the payload types and SSRC the publisher will send.</summary>
    public void Bind(string answerSdp, NegotiatedSession negotiated)
    {
        ArgumentNullException.ThrowIfNull(negotiated);
        AnswerSdp = answerSdp;
        foreach (var media in negotiated.Media)
        {
            if (media.Rejected || media.Codec is null)
            {
                continue;
            }

            if (media.Kind == SdpMediaKind.Video)
            {
                _videoPayloadType = media.Codec.PayloadType;
                _videoSsrc = media.RemoteSsrcs.Count > 0 ? media.RemoteSsrcs[0] : 0;
            }
            else if (media.Kind == SdpMediaKind.Audio)
            {
                _audioPayloadType = media.Codec.PayloadType;
            }
        }
    }

    /// <summary>True when the publisher sends video (a WHIP stream without video cannot be served).</summary>
    public bool HasVideo => _videoPayloadType >= 0;

    /// <summary>Starts writing the publisher's media into <paramref name="publisher"/>; the stream's slate must be off air.</summary>
    internal void StartForwarding(StreamPublisher publisher)
    {
        lock (_forwardLock)
        {
            publisher.BeginForwarding();
            _videoClock.Reset();
            _audioClock.Reset();
            _publisher = publisher;
        }

        RequestKeyframe();
    }

    /// <summary>Stops writing; when this returns no packet of this publisher is being written any more.</summary>
    internal void StopForwarding()
    {
        lock (_forwardLock)
        {
            _publisher = null;
        }
    }

    /// <summary>Ends the session (idempotent): the supervisor puts the slate back on.</summary>
    public void End(string reason) => _ended.TrySetResult(reason);

    public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
    {
        Interlocked.Increment(ref _packetsReceived);
        if (!RtpPacket.TryParse(packet, out var rtp) || rtp.Payload.IsEmpty)
        {
            // Malformed, or padding only (bandwidth probing): nothing to forward.
            Interlocked.Increment(ref _packetsDropped);
            return;
        }

        var header = rtp.Header;
        var forwarded = false;
        var wantKeyframe = false;
        lock (_forwardLock)
        {
            var publisher = _publisher;
            if (publisher is not null)
            {
                var arrival = _time.GetUtcNow();
                if (header.PayloadType == _videoPayloadType)
                {
                    var startsKeyframe = _keyframes.IsKeyframeStart(rtp.Payload, header.Timestamp);
                    var capture = _videoClock.GetCaptureTime(header.Timestamp, arrival);
                    forwarded = publisher.ForwardVideo(rtp.Payload, header.Timestamp, header.Marker, startsKeyframe, capture);
                    wantKeyframe = !forwarded;
                    _videoSsrc = header.Ssrc;
                }
                else if (header.PayloadType == _audioPayloadType)
                {
                    var capture = _audioClock.GetCaptureTime(header.Timestamp, arrival);
                    publisher.ForwardAudio(rtp.Payload, header.Timestamp, header.Marker, capture);
                    forwarded = true;
                }
            }
        }

        if (forwarded)
        {
            Interlocked.Increment(ref _packetsForwarded);
        }
        else
        {
            Interlocked.Increment(ref _packetsDropped);
        }

        if (wantKeyframe)
        {
            RequestKeyframe();
        }
    }

    public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
    {
        // The publisher's sender reports and SDES carry nothing the forwarding needs: capture times are taken
        // from RTP timestamps anchored at arrival (RtpCaptureClock).
    }

    /// <summary>Asks the publisher for a keyframe (PLI), unless one was asked for within <see cref="KeyframeRequestInterval"/>.</summary>
    public void RequestKeyframe()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastKeyframeRequestTicks);
        if (_videoSsrc == 0 || Connection.State != PeerConnectionState.Connected
            || (last != long.MinValue && _time.GetElapsedTime(last, now) < KeyframeRequestInterval)
            || Interlocked.CompareExchange(ref _lastKeyframeRequestTicks, now, last) != last)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[128];
        var writer = new RtcpCompoundWriter(buffer[..64]);
        // RFC 3550 §6.1: a compound RTCP packet starts with a report; ours has no blocks (RFC 4585 §3.1 PLI follows).
        writer.TryAppend(new ReceiverReport(_localSsrc));
        writer.TryAppend(new PictureLossIndication(_localSsrc, _videoSsrc));
        if (Connection.SendRtcp(buffer, writer.Length))
        {
            Interlocked.Increment(ref _keyframeRequestsSent);
            LogKeyframeRequested(_logger, Id);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        End("the WHIP session was deleted");
        StopForwarding();
        Point.Stream.KeyframeRequested -= OnKeyframeRequested;
        Connection.StateChanged -= OnStateChanged;
        await _reportTimer.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
        Point.Release(this);
    }

    private void OnStateChanged(RtcPeerConnection connection, PeerConnectionState state)
    {
        switch (state)
        {
            case PeerConnectionState.Connected:
                Point.OnConnected(this);
                break;
            case PeerConnectionState.Failed:
                End($"WHIP publisher connection failed: {connection.FailureReason ?? "unknown"}");
                break;
            case PeerConnectionState.Closed:
                End("WHIP publisher connection closed");
                break;
        }
    }

    private void OnKeyframeRequested(LiveStream stream) => RequestKeyframe();

    private void SendReceiverFeedback()
    {
        if (_videoSsrc == 0 || Connection.State != PeerConnectionState.Connected)
        {
            return;
        }

        Span<byte> buffer = stackalloc byte[128];
        var writer = new RtcpCompoundWriter(buffer[..64]);
        writer.TryAppend(new ReceiverReport(_localSsrc));
        writer.TryAppend(new ReceiverEstimatedMaxBitrate(_localSsrc, _maxBitrate, _videoSsrc));
        Connection.SendRtcp(buffer, writer.Length);
    }

    [LoggerMessage(EventId = 154, Level = LogLevel.Debug, Message = "WHIP session {Id}: keyframe requested from the publisher")]
    private static partial void LogKeyframeRequested(ILogger logger, string id);
}
