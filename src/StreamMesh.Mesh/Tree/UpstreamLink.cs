using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Peer;
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
    private KeyframeStartDetector? _keyframeStarts;
    private int _goodbye;

    // Video this link queued in the current receive burst and has not sent on yet (receive loop only).
    private bool _videoQueued;
    private HttpClient? _http;
    private Uri? _sessionUrl;

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

    [LoggerMessage(EventId = 402, Level = LogLevel.Debug, Message = "Stream {Stream}: ended the WHEP session {Session} at the old parent ({Status})")]
    private static partial void LogSessionDeleted(ILogger logger, string stream, Uri session, int status);

    [LoggerMessage(EventId = 403, Level = LogLevel.Debug, Message = "Stream {Stream}: could not end the WHEP session {Session} at the old parent: {Reason}")]
    private static partial void LogSessionDeleteFailed(ILogger logger, string stream, Uri session, string reason);

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Stream {Stream}: receiving from parent {Parent}")]
    private static partial void LogConnected(ILogger logger, string stream, Uri parent);
}
