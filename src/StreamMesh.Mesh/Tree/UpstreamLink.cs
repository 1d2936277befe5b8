using System.Buffers.Binary;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// A relay's connection to its parent for one stream: a WHEP client whose packets are republished,
/// never decoded, into the relay's own <see cref="LiveStream"/>. RTX is unwrapped (RFC 4588 §4),
/// gaps are NACKed upstream (RFC 4585 §6.2.1), and children's keyframe requests go up as one PLI per
/// interval. Sequence numbers and timestamps are mapped by the stream's rewriters, so a parent
/// switch is invisible to children.
/// </summary>
public sealed partial class UpstreamLink : IWritableRtpPacketHandler, IAsyncDisposable
{
    private static readonly TimeSpan NackInterval = TimeSpan.FromMilliseconds(20);

    // Ending the session at an old parent is best effort; a parent that does not answer in this time is dead or hung.
    private static readonly TimeSpan SessionDeleteTimeout = TimeSpan.FromSeconds(1);

    // Gaps this long are worth one log line: they are the stalls healing is measured by.
    private static readonly TimeSpan ResumeLogThreshold = TimeSpan.FromMilliseconds(150);

    private readonly RelayedStream _target;
    private LiveStream _stream = null!;
    private RtpStreamRewriter _video = null!;
    private RtpStreamRewriter _audio = null!;
    private readonly RtcPeerConnection _connection;
    private readonly ILogger _logger;
    private readonly NackGenerator _nacks;
    private readonly KeyframeRequestLimiter _keyframes;
    private readonly ITimer _nackTimer;
    private readonly byte[] _packet = new byte[1500];

    // Standby GOP replay runs inside the receive path, while _packet may hold the packet that triggered it.
    private readonly byte[] _replayPacket = new byte[1500];
    private readonly byte[] _unwrapped = new byte[1500];
    private readonly byte[] _feedback = new byte[1500];
    private readonly ushort[] _lost = new ushort[256];
    private readonly Lock _feedbackLock = new();
    private ExtensionIdMap? _videoExtensions;
    private ExtensionIdMap? _audioExtensions;
    private uint _videoSsrc;
    private uint _videoRtxSsrc;
    private uint _audioSsrc;
    private byte _videoPayloadType;
    private byte? _captureTimeId;
    private long _packets;
    private long _bytes;
    private int _active;
    private int _activationRequested;
    private UpstreamLink? _previous;
    private readonly StandbyGopBuffer _standbyGop = new();
    private int _goodbye;
    private long _sampledBytes;
    private long _sampledExpected;
    private long _sampledLost;
    private long _sampledAt;
    private HttpClient? _http;
    private Uri? _sessionUrl;

    // RFC 3550 §6.4.2: this hop reports its reception to the parent, so the parent sees per-hop loss and jitter.
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private readonly uint _localSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
    private ReceiverStatistics? _videoStatistics;
    private ReceiverStatistics? _audioStatistics;
    private long _lastReportAt;
    private long _reportsSent;

    public UpstreamLink(RelayedStream target, WebRtcEndpoint endpoint, TimeProvider time, ILoggerFactory loggers)
    {
        _target = target;
        _time = time;
        _lastPacketAt = time.GetTimestamp();
        _logger = loggers.CreateLogger<UpstreamLink>();
        _connection = new RtcPeerConnection(endpoint, new RtcPeerConnectionOptions(), time, loggers) { Handler = this };
        _nacks = new NackGenerator(timeProvider: time);
        _keyframes = new KeyframeRequestLimiter(timeProvider: time);
        _nackTimer = time.CreateTimer(static s => ((UpstreamLink)s!).SendDueNacks(), this, NackInterval, NackInterval);
    }

    public RtcPeerConnection Connection => _connection;

    public long PacketsReceived => Interlocked.Read(ref _packets);

    /// <summary>
    /// True once this link publishes into the relay's stream. A warm standby (or a make-before-break candidate) is
    /// connected and receiving but drops what it gets until <see cref="Activate"/>.
    /// </summary>
    public bool IsActive => Volatile.Read(ref _active) != 0;

    /// <summary>The parent sent an RTCP BYE (RFC 3550 §6.6): it is leaving on purpose and this child should move now.</summary>
    public bool GoodbyeReceived => Volatile.Read(ref _goodbye) != 0;

    /// <summary>Receiver reports sent to the parent (RFC 3550 §6.4.2).</summary>
    public long ReceiverReportsSent => Interlocked.Read(ref _reportsSent);

    /// <summary>Reception of the parent's video as this hop reports it (loss, jitter), null before the answer.</summary>
    public ReceiverStatistics? VideoStatistics => _videoStatistics;

    /// <summary>How long the parent has been silent: a live stream sends audio every 20 ms, so a long silence means the parent is gone.</summary>
    public TimeSpan Silence => _time.GetElapsedTime(Interlocked.Read(ref _lastPacketAt));

    private readonly TimeProvider _time;
    private long _lastPacketAt;

    /// <summary>Offers to the parent's WHEP endpoint with the tracker's ticket and waits until media can flow.</summary>
    /// <param name="http">Client for the WHEP request.</param>
    /// <param name="whepUrl">The parent's WHEP resource for the stream.</param>
    /// <param name="ticket">The tracker's ticket for this parent.</param>
    /// <param name="timeout">How long ICE and DTLS may take.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <remarks>
    /// The link starts as a standby: it receives but does not publish until <see cref="RequestActivation"/>. Requested
    /// before the parent's first packet, activation happens on that packet — the GOP the parent replays to a new child —
    /// so the children get a keyframe at once and the previous parent feeds them until then (make before break).
    /// </remarks>
    public async Task ConnectAsync(HttpClient http, Uri whepUrl, string? ticket, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connection.StateChanged += (_, state) =>
        {
            if (state == PeerConnectionState.Connected)
            {
                connected.TrySetResult();
            }
            else if (state is PeerConnectionState.Failed or PeerConnectionState.Closed)
            {
                connected.TrySetException(new InvalidOperationException($"upstream connection {state.ToString().ToLowerInvariant()}: {_connection.FailureReason}"));
            }
        };

        string[] extensions = [AbsSendTimeExtension.Uri, AbsCaptureTimeExtension.Uri];
        var offer = await _connection.CreateOfferAsync(new PeerMediaPlan
        {
            Video = new LocalMediaSettings { Codecs = _target.Live?.Video.Codec == "VP8" ? [RtpCodec.Vp8()] : _target.Live is null ? [RtpCodec.H264(), RtpCodec.Vp8()] : [RtpCodec.H264()], Direction = SdpDirection.RecvOnly, HeaderExtensions = extensions, UseRtx = true },
            Audio = new LocalMediaSettings { Codecs = [RtpCodec.Opus()], Direction = SdpDirection.RecvOnly, HeaderExtensions = extensions },
        }, cancellationToken).ConfigureAwait(false);

        using var request = new HttpRequestMessage(HttpMethod.Post, whepUrl) { Content = new StringContent(offer, Encoding.UTF8, "application/sdp") };
        if (ticket is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ticket);
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != System.Net.HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"parent {whepUrl} refused the WHEP offer ({(int)response.StatusCode}): {body.Trim()}");
        }

        // Remember the session resource (the 201's Location) so leaving this parent can end the session there.
        if (response.Headers.Location is { } location)
        {
            _http = http;
            Volatile.Write(ref _sessionUrl, new Uri(whepUrl, location));
        }

        _connection.AcceptAnswer(body);
        Bind(_connection.Negotiated!);

        await connected.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

        // Silence counts from now: the handshake itself is not the parent falling silent.
        Interlocked.Exchange(ref _lastPacketAt, _time.GetTimestamp());
        LogConnected(_logger, _target.Name, whepUrl);
    }

    public void OnRtp(RtcPeerConnection connection, ReadOnlySpan<byte> packet)
    {
        if (packet.Length <= _packet.Length)
        {
            packet.CopyTo(_packet);
            OnWritableRtp(connection, _packet.AsSpan(0, packet.Length));
        }
    }

    /// <summary>The decrypted packet, rewritten in place in the socket's buffer and published (one copy, into the stream's shared buffer).</summary>
    public void OnWritableRtp(RtcPeerConnection connection, Span<byte> packet)
    {
        if (_stream is null || packet.Length < RtpHeader.FixedLength || packet.Length > _packet.Length)
        {
            return;
        }

        var count = Interlocked.Increment(ref _packets);
        var now = _time.GetTimestamp();
        var previousPacketAt = Interlocked.Exchange(ref _lastPacketAt, now);
        if (count > 1 && _time.GetElapsedTime(previousPacketAt, now) > ResumeLogThreshold)
        {
            LogResumed(_logger, _target.Name, (long)_time.GetElapsedTime(previousPacketAt, now).TotalMilliseconds, Volatile.Read(ref _active) != 0);
        }
        if (Volatile.Read(ref _active) == 0)
        {
            if (Volatile.Read(ref _activationRequested) == 0)
            {
                // A standby proves the parent is alive and keeps the current GOP, so a promotion can start with a keyframe.
                _standbyGop.Offer(packet, _videoSsrc, _stream.Video.Codec);
                return;
            }

            // Activation happens here, on the receive path, so the previous link's last packet and this one never interleave.
            ActivateOnReceivePath();
        }

        Forward(packet);
    }

    private void Forward(Span<byte> packet)
    {
        Interlocked.Add(ref _bytes, packet.Length);
        var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        Span<byte> buffer;
        if (ssrc == _videoRtxSsrc && _videoRtxSsrc != 0)
        {
            if (!RtxPacket.TryUnwrap(packet, _unwrapped, _videoSsrc, _videoPayloadType, out var length))
            {
                return;
            }

            buffer = _unwrapped.AsSpan(0, length);
        }
        else
        {
            buffer = packet;
        }

        if (!RtpPacket.TryParse(buffer, out var parsed))
        {
            return;
        }

        var sequence = parsed.Header.SequenceNumber;
        if (ssrc == _videoSsrc || ssrc == _videoRtxSsrc)
        {
            _videoStatistics?.OnPacket(sequence, parsed.Header.Timestamp);
        }
        else if (ssrc == _audioSsrc)
        {
            _audioStatistics?.OnPacket(sequence, parsed.Header.Timestamp);
        }

        var captureTime = default(NtpTimestamp);
        var hasCaptureTime = _captureTimeId is { } id && parsed.Header.TryGetExtension(id, out var value) && AbsCaptureTimeExtension.TryRead(value, out captureTime, out _);
        if (ssrc == _videoSsrc || ssrc == _videoRtxSsrc)
        {
            var keyframeStart = _stream.Video.Codec == "VP8" ? RtpKeyframeProbe.IsVp8KeyframeStart(parsed.Payload) : RtpKeyframeProbe.IsH264KeyframeStart(parsed.Payload);
            lock (_feedbackLock)
            {
                _nacks.OnPacket(sequence, keyframeStart);
                if (keyframeStart)
                {
                    _keyframes.OnKeyframeReceived();
                }
            }

            _videoExtensions?.Apply(buffer);
            _video.Rewrite(buffer);
            if (hasCaptureTime)
            {
                _stream.VideoClock.Update(BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]), captureTime.ToDateTimeOffset());
            }

            _stream.PublishVideo(buffer, keyframeStart);
        }
        else if (ssrc == _audioSsrc)
        {
            _audioExtensions?.Apply(buffer);
            _audio.Rewrite(buffer);
            if (hasCaptureTime)
            {
                _stream.AudioClock.Update(BinaryPrimitives.ReadUInt32BigEndian(buffer[4..]), captureTime.ToDateTimeOffset());
            }

            _stream.PublishAudio(buffer);
        }
    }

    public void OnRtcp(RtcPeerConnection connection, ReadOnlySpan<byte> compoundPacket)
    {
        // A BYE means the parent is leaving on purpose (RFC 3550 §6.6). Its sender reports give LSR/DLSR for our
        // receiver reports (RFC 3550 §6.4.1), so the parent can measure its round trip to this hop. Lip sync needs
        // neither: abs-capture-time carries the wall clock.
        foreach (var packet in new RtcpCompoundReader(compoundPacket))
        {
            if (packet.Kind == RtcpPacketKind.Goodbye && Goodbye.TryParse(packet.Data, out _))
            {
                Volatile.Write(ref _goodbye, 1);
            }
            else if (packet.Kind == RtcpPacketKind.SenderReport && SenderReport.TryParse(packet.Data, out var report))
            {
                var statistics = report.SenderSsrc == _videoSsrc ? _videoStatistics : report.SenderSsrc == _audioSsrc ? _audioStatistics : null;
                statistics?.OnSenderReport(report.NtpTime);
            }
        }
    }

    /// <summary>
    /// Makes this link the one feeding the relay's stream, on its next received packet: the previous link stops, the
    /// rewriters resynchronise so children see one continuous stream, children's keyframe requests go to this parent,
    /// and a standby first replays the GOP it kept (else one keyframe is asked for).
    /// </summary>
    /// <param name="previous">The link this one replaces; it stops publishing at the same moment.</param>
    public void RequestActivation(UpstreamLink? previous)
    {
        _previous = previous;
        Volatile.Write(ref _activationRequested, 1);
    }

    private void ActivateOnReceivePath()
    {
        if (Interlocked.Exchange(ref _active, 1) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _previous, null)?.Deactivate();
        _video.Resync();
        _audio.Resync();
        _stream.KeyframeRequested += OnKeyframeRequested;
        if (!_standbyGop.Replay(this))
        {
            // Nothing decodable buffered: ask the new parent for a keyframe now rather than wait for the next GOP.
            OnKeyframeRequested(_stream);
        }
    }

    /// <summary>Publishes one buffered packet of a promoted standby as if it had just arrived.</summary>
    internal void Replay(ReadOnlySpan<byte> packet)
    {
        if (packet.Length <= _replayPacket.Length)
        {
            packet.CopyTo(_replayPacket);
            Forward(_replayPacket.AsSpan(0, packet.Length));
        }
    }

    /// <summary>Stops publishing (the next parent took over); the connection stays until disposed.</summary>
    public void Deactivate()
    {
        if (Interlocked.Exchange(ref _active, 0) != 0)
        {
            _stream.KeyframeRequested -= OnKeyframeRequested;
        }
    }

    /// <summary>Bitrate, loss and jitter since the previous call. Called from one heartbeat loop.</summary>
    public UpstreamSample Sample()
    {
        long now = _time.GetTimestamp();
        long bytes = Interlocked.Read(ref _bytes);
        double seconds = _time.GetElapsedTime(_sampledAt == 0 ? now : _sampledAt, now).TotalSeconds;
        double kbps = seconds > 0 ? (bytes - _sampledBytes) * 8 / 1000.0 / seconds : 0;
        double loss = 0;
        double jitterMs = 0;
        if (_videoStatistics is { } stats)
        {
            // RFC 3550 A.3: expected from the extended highest sequence number, lost = expected - received.
            long lost = Math.Max(0, stats.CumulativeLost);
            long expected = stats.PacketsReceived + lost;
            long expectedInterval = expected - _sampledExpected;
            long lostInterval = lost - _sampledLost;
            loss = expectedInterval > 0 ? Math.Clamp((double)lostInterval / expectedInterval, 0, 1) : 0;
            jitterMs = stats.JitterTime.TotalMilliseconds;
            _sampledExpected = expected;
            _sampledLost = lost;
        }

        _sampledBytes = bytes;
        _sampledAt = now;
        return new UpstreamSample(Math.Round(kbps, 1), Math.Round(loss, 4), Math.Round(jitterMs, 2));
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            Deactivate();
        }

        await _nackTimer.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        await DeleteSessionAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// WHEP (draft-ietf-wish-whep, session teardown): the player ends its session with an HTTP DELETE on the session
    /// URL. Without it the old parent keeps the session and keeps sending until ICE consent expires (RFC 7675, ~30 s),
    /// so its egress exceeds its child count after every move. Best effort with a short timeout: a dead or hung parent
    /// must not hold up the switch.
    /// </summary>
    private async Task DeleteSessionAsync()
    {
        if (_http is not { } http || Interlocked.Exchange(ref _sessionUrl, null) is not { } url)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(SessionDeleteTimeout, _time);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, url);
            using var response = await http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            LogSessionDeleted(_logger, _target.Name, url, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or ObjectDisposedException)
        {
            LogSessionDeleteFailed(_logger, _target.Name, url, ex.Message);
        }
    }

    private void Bind(NegotiatedSession negotiated)
    {
        var videoCodec = negotiated.Media.FirstOrDefault(m => m.Kind == SdpMediaKind.Video && m.Codec is not null)?.Codec!.Name
            ?? throw new InvalidOperationException("the parent sent no video");
        _stream = _target.EnsureCreated(videoCodec);
        _video = _target.Video!;
        _audio = _target.Audio!;
        foreach (var media in negotiated.Media)
        {
            if (media.Rejected || media.Codec is null)
            {
                continue;
            }

            var ids = new Dictionary<byte, byte>();
            if (media.GetExtensionId(AbsSendTimeExtension.Uri) is { } sendTime)
            {
                ids[(byte)sendTime] = StreamTrack.AbsSendTimeId;
            }

            if (media.GetExtensionId(AbsCaptureTimeExtension.Uri) is { } captureTime)
            {
                ids[(byte)captureTime] = StreamTrack.AbsCaptureTimeId;
                _captureTimeId = (byte)captureTime;
            }

            // Children are bound to the canonical ids; map the parent's ids onto them.
            var map = new ExtensionIdMap(ids, [StreamTrack.AbsSendTimeId, StreamTrack.AbsCaptureTimeId]);
            if (media.Kind == SdpMediaKind.Video)
            {
                _videoSsrc = media.RemoteSsrcs.FirstOrDefault();
                _videoStatistics = new ReceiverStatistics(_videoSsrc, new ReceiverStatisticsOptions { ClockRate = media.Codec.ClockRate }, _time);
                _videoRtxSsrc = media.RemoteFidGroups.FirstOrDefault().RtxSsrc;
                _videoPayloadType = (byte)media.Codec.PayloadType;
                _videoExtensions = map;
            }
            else if (media.Kind == SdpMediaKind.Audio)
            {
                _audioSsrc = media.RemoteSsrcs.FirstOrDefault();
                _audioStatistics = new ReceiverStatistics(_audioSsrc, new ReceiverStatisticsOptions { ClockRate = media.Codec.ClockRate }, _time);
                _audioExtensions = map;
            }
        }
    }

    private void OnKeyframeRequested(LiveStream stream)
    {
        bool send;
        lock (_feedbackLock)
        {
            send = _keyframes.TryRequest();
        }

        if (send && _videoSsrc != 0)
        {
            Span<byte> pli = stackalloc byte[64];
            var length = new PictureLossIndication(1, _videoSsrc).WriteTo(pli);
            _connection.SendRtcp(pli, length);
        }
    }

    private void SendDueNacks()
    {
        SendReceiverReportIfDue();
        lock (_feedbackLock)
        {
            var count = _nacks.CollectDue(_lost);
            if (count == 0 || _videoSsrc == 0)
            {
                return;
            }

            Span<NackPair> pairs = stackalloc NackPair[count];
            var pairCount = GenericNack.BuildPairs(_lost.AsSpan(0, count), pairs);
            var nack = new GenericNack(1, _videoSsrc, pairs[..pairCount]);
            if (nack.Length + 32 <= _feedback.Length)
            {
                var length = nack.WriteTo(_feedback);
                _connection.SendRtcp(_feedback, length);
            }
        }
    }

    [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Stream {Stream}: media from the parent resumed after {GapMs} ms (active {Active})")]
    private static partial void LogResumed(ILogger logger, string stream, long gapMs, bool active);

    private void SendReceiverReportIfDue()
    {
        var now = _time.GetTimestamp();
        if (_videoStatistics is null || (_lastReportAt != 0 && _time.GetElapsedTime(_lastReportAt, now) < ReportInterval))
        {
            return;
        }

        _lastReportAt = now;
        Span<ReportBlock> blocks = stackalloc ReportBlock[2];
        var count = 0;
        foreach (var statistics in (ReadOnlySpan<ReceiverStatistics?>)[_videoStatistics, _audioStatistics])
        {
            if (statistics is { PacketsReceived: > 0 })
            {
                blocks[count++] = statistics.CreateReportBlock();
            }
        }

        lock (_feedbackLock)
        {
            // RFC 3550 §6.1: a compound starts with a report and carries the SDES CNAME.
            var writer = new RtcpCompoundWriter(_feedback.AsSpan(0, _feedback.Length - 32));
            writer.TryAppend(new ReceiverReport(_localSsrc, blocks[..count]));
            writer.TryAppend(new SourceDescription(_localSsrc, $"streammesh-relay-{_target.Name}"));
            if (_connection.SendRtcp(_feedback, writer.Length))
            {
                Interlocked.Increment(ref _reportsSent);
            }
        }
    }

    [LoggerMessage(EventId = 402, Level = LogLevel.Debug, Message = "Stream {Stream}: ended the WHEP session {Session} at the old parent ({Status})")]
    private static partial void LogSessionDeleted(ILogger logger, string stream, Uri session, int status);

    [LoggerMessage(EventId = 403, Level = LogLevel.Debug, Message = "Stream {Stream}: could not end the WHEP session {Session} at the old parent: {Reason}")]
    private static partial void LogSessionDeleteFailed(ILogger logger, string stream, Uri session, string reason);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Stream {Stream}: receiving from parent {Parent}")]
    private static partial void LogConnected(ILogger logger, string stream, Uri parent);
}
