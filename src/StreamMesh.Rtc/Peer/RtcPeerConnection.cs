using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Rtc.Peer;

/// <summary>
/// One WebRTC peer connection, composed (not inherited) of an ICE agent on the node's shared socket,
/// a DTLS-SRTP transport and the JSEP negotiation (RFC 8829). Either side may offer: the answerer
/// path serves WHEP viewers, the offerer path pulls from another node or receives a browser's tracks.
/// </summary>
/// <remarks>
/// Thread-safety: <see cref="SendRtp"/> / <see cref="SendRtcp"/> may be called from any thread;
/// incoming packets reach <see cref="Handler"/> on the socket's receive loop; <see cref="StateChanged"/>
/// is raised on the thread pool. <see cref="DisposeAsync"/> releases the agent, the DTLS transport,
/// the SRTP contexts and the socket registration.
/// </remarks>
public sealed partial class RtcPeerConnection : IAsyncDisposable
{
    private readonly WebRtcEndpoint _endpoint;
    private readonly RtcPeerConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _stateLock = new();
    private SecureMediaTransport? _transport;
    private SdpOfferer? _offerer;
    private PeerConnectionState _state = PeerConnectionState.New;

    public RtcPeerConnection(WebRtcEndpoint endpoint, RtcPeerConnectionOptions? options = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _options = options ?? new RtcPeerConnectionOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<RtcPeerConnection>();
    }

    /// <summary>Raised after every state change, on the thread pool.</summary>
    public event Action<RtcPeerConnection, PeerConnectionState>? StateChanged;

    /// <summary>Raised on the receive loop when the first packet of a remote SSRC arrives (a new incoming track).</summary>
    public event Action<RtcPeerConnection, RemoteTrack>? TrackReceived;

    public PeerConnectionState State
    {
        get
        {
            lock (_stateLock)
            {
                return _state;
            }
        }
    }

    /// <summary>The outcome of offer/answer: payload types, extension ids, remote SSRCs, roles.</summary>
    public NegotiatedSession? Negotiated { get; private set; }

    /// <summary>Why the connection failed, for logs and error pages.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Receives decrypted RTP and RTCP; set before the connection is established.</summary>
    public IRtpPacketHandler? Handler
    {
        get => _transport?.Handler ?? _pendingHandler;
        set
        {
            _pendingHandler = value;
            if (_transport is not null)
            {
                _transport.Handler = value;
            }
        }
    }

    private IRtpPacketHandler? _pendingHandler;

    /// <summary>The local ICE username fragment: a stable, unguessable id for this connection.</summary>
    public string? LocalUsernameFragment => _transport?.Ice.LocalUsernameFragment;

    /// <summary>SRTP overhead to leave free after an RTP packet in the buffer given to <see cref="SendRtp"/>.</summary>
    public int RtpOverhead => _transport?.RtpOverhead ?? 16;

    /// <summary>SRTP/SRTCP packets dropped for failed authentication, replay or malformation.</summary>
    public long SrtpDropped => _transport?.SrtpDropped ?? 0;

    /// <summary>
    /// True when called on the socket's receive loop while it hands over a receive burst (the datagrams
    /// that were queued together, see <see cref="UdpMux.IsInReceiveBurst"/>): the handler hears
    /// <see cref="IRtpPacketHandler.OnReceiveBurstEnd"/> after the burst, so it may hold packets back
    /// until then. False on any other loop or thread: then whatever the handler gets must go on at once.
    /// </summary>
    public bool IsInReceiveBurst => _endpoint.Mux.IsInReceiveBurst;

    /// <summary>RTP packets handed to an <see cref="ISampledRtpPacketHandler"/> without SRTP verification.</summary>
    public long RtpUnverified => _transport?.RtpUnverified ?? 0;

    /// <summary>
    /// Answers a remote offer (we are ICE controlled, RFC 8445 §6.1.1, and take the DTLS role that
    /// <paramref name="setupRole"/> asks for). Connecting continues in the background; watch <see cref="StateChanged"/>.
    /// </summary>
    /// <exception cref="SdpParseException">The offer is not valid SDP.</exception>
    /// <exception cref="SdpNegotiationException">Nothing in the offer can be accepted.</exception>
    public async Task<string> AcceptOfferAsync(string offerSdp, PeerMediaPlan plan, SdpSetupRole setupRole = SdpSetupRole.Active, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var offer = SessionDescription.Parse(offerSdp);
        var transport = await CreateTransportAsync(IceRole.Controlled, cancellationToken).ConfigureAwait(false);
        var answerer = new SdpAnswerer(new SdpAnswerOptions
        {
            Transport = LocalTransport(transport),
            SetupRole = setupRole,
            Audio = plan.Audio,
            Video = plan.Video,
            Tracks = plan.Tracks,
        }, _loggers.CreateLogger<SdpAnswerer>());
        var answer = answerer.CreateAnswer(offer);
        StartConnecting(answer.Session);
        return SdpWriter.Write(answer.Description);
    }

    /// <summary>Creates an offer (we are ICE controlling and DTLS actpass); complete it with <see cref="AcceptAnswer"/>.</summary>
    public async Task<string> CreateOfferAsync(PeerMediaPlan plan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var transport = await CreateTransportAsync(IceRole.Controlling, cancellationToken).ConfigureAwait(false);
        _offerer = new SdpOfferer(new SdpOfferOptions
        {
            Transport = LocalTransport(transport),
            Audio = plan.Audio,
            Video = plan.Video,
            Tracks = plan.Tracks,
        }, _loggers.CreateLogger<SdpOfferer>());
        return SdpWriter.Write(_offerer.CreateOffer());
    }

    /// <summary>Applies the remote answer to our offer and starts connecting.</summary>
    public void AcceptAnswer(string answerSdp)
    {
        var offerer = _offerer ?? throw new InvalidOperationException("CreateOfferAsync must come first");
        var session = offerer.ApplyAnswer(SessionDescription.Parse(answerSdp));
        StartConnecting(session);
    }

    /// <summary>Protects <paramref name="length"/> bytes of RTP in <paramref name="buffer"/> in place and sends them.</summary>
    /// <returns>False before the connection is secure, after it closed, or when the socket refused.</returns>
    public bool SendRtp(Span<byte> buffer, int length) => _transport?.SendRtp(buffer, length) ?? false;

    /// <summary>
    /// The slot of <paramref name="batch"/> to write the next outgoing RTP packet into, for a send
    /// worker that batches many connections' packets into one system call. Write the packet there
    /// (leaving <see cref="RtpOverhead"/> bytes free), then call <see cref="SendRtp(UdpDatagramBatch, int)"/>.
    /// Empty before the connection has a transport.
    /// </summary>
    public Span<byte> ReserveRtp(UdpDatagramBatch batch) => _transport is { } transport ? transport.ReserveRtp(batch) : Span<byte>.Empty;

    /// <summary>Protects the packet written into the reserved slot in place and queues it on <paramref name="batch"/>; the caller flushes.</summary>
    /// <returns>False before the connection is secure, after it closed, or once consent is lost.</returns>
    public bool SendRtp(UdpDatagramBatch batch, int length) => _transport?.SendRtp(batch, length) ?? false;

    public bool SendRtcp(Span<byte> buffer, int length) => _transport?.SendRtcp(buffer, length) ?? false;

    public async ValueTask DisposeAsync()
    {
        if (!SetState(PeerConnectionState.Closed))
        {
            return;
        }

        await _lifetime.CancelAsync().ConfigureAwait(false);
        if (_transport is not null)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }

        _lifetime.Dispose();
    }

    private async Task<SecureMediaTransport> CreateTransportAsync(IceRole role, CancellationToken cancellationToken)
    {
        if (_transport is not null)
        {
            throw new InvalidOperationException("this connection has already been negotiated (renegotiation is not supported)");
        }

        var iceOptions = new IceAgentOptions
        {
            Role = role,
            IncludeLoopback = _options.IncludeLoopbackCandidates,
            StunServer = _options.StunServer,
        };
        var transport = new SecureMediaTransport(_endpoint, iceOptions, _time, _loggers) { Owner = this, Handler = _pendingHandler };
        transport.NewRemoteSsrc = ssrc => TrackReceived?.Invoke(this, FindRemoteTrack(ssrc));
        transport.Ice.StateChanged += (_, state) => OnIceStateChanged(state);
        _transport = transport;
        await transport.Ice.GatherAsync(cancellationToken).ConfigureAwait(false);
        return transport;
    }

    private LocalTransportParameters LocalTransport(SecureMediaTransport transport) => new()
    {
        IceUfrag = transport.Ice.LocalUsernameFragment,
        IcePwd = transport.Ice.LocalPassword,
        Fingerprint = _endpoint.Certificate.Fingerprint.ToString(),
        Candidates = transport.Ice.LocalCandidates.Select(c => c.ToSdpAttributeValue()).ToArray(),
        EndOfCandidates = true,
        IceOptions = [],
    };

    private void StartConnecting(NegotiatedSession session)
    {
        var transport = _transport!;
        Negotiated = session;
        if (!DtlsFingerprint.TryParse(session.RemoteFingerprint, out var remoteFingerprint))
        {
            throw new SdpNegotiationException($"the remote DTLS fingerprint '{session.RemoteFingerprint}' cannot be used");
        }

        transport.PrepareDtls(new DtlsTransportOptions
        {
            Role = session.LocalDtlsRole == NegotiatedDtlsRole.Client ? DtlsRole.Client : DtlsRole.Server,
            Certificate = _endpoint.Certificate,
            RemoteFingerprint = remoteFingerprint,
            HandshakeTimeout = _options.DtlsHandshakeTimeout,
        }, _time, _loggers);

        transport.Ice.SetRemoteCredentials(session.RemoteIceUfrag, session.RemoteIcePwd);
        foreach (var line in session.RemoteCandidates)
        {
            if (IceCandidate.TryParse(line, out var candidate))
            {
                transport.Ice.AddRemoteCandidate(candidate);
            }
        }

        SetState(PeerConnectionState.Connecting);
        transport.Ice.Start();
        _ = ConnectAsync(transport);
    }

    private async Task ConnectAsync(SecureMediaTransport transport)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _lifetime.Token);
        try
        {
            await WaitForIceAsync(transport, linked.Token).ConfigureAwait(false);
            await transport.SecureAsync(linked.Token).ConfigureAwait(false);
            LogConnected(_logger, transport.Ice.LocalUsernameFragment, transport.Ice.SelectedRemoteEndPoint?.ToString() ?? "?");
            SetState(PeerConnectionState.Connected);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // closed while connecting
        }
        catch (Exception ex) when (ex is OperationCanceledException or DtlsHandshakeException or InvalidOperationException)
        {
            Fail(ex is OperationCanceledException ? "timed out connecting (ICE or DTLS)" : ex.Message);
        }
    }

    private static async Task WaitForIceAsync(SecureMediaTransport transport, CancellationToken cancellationToken)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnState(object? sender, IceConnectionState state)
        {
            if (state == IceConnectionState.Connected)
            {
                connected.TrySetResult();
            }
            else if (state is IceConnectionState.Failed or IceConnectionState.Closed)
            {
                connected.TrySetException(new InvalidOperationException($"ICE {state.ToString().ToLowerInvariant()}: no candidate pair worked"));
            }
        }

        transport.Ice.StateChanged += OnState;
        try
        {
            OnState(null, transport.Ice.State);
            await connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            transport.Ice.StateChanged -= OnState;
        }
    }

    private void OnIceStateChanged(IceConnectionState state)
    {
        if (_transport is not { IsSecure: true })
        {
            return;
        }

        switch (state)
        {
            case IceConnectionState.Disconnected:
                SetState(PeerConnectionState.Disconnected);
                break;
            case IceConnectionState.Connected:
                SetState(PeerConnectionState.Connected);
                break;
            case IceConnectionState.Failed:
                Fail("ICE consent lost (RFC 7675)");
                break;
        }
    }

    private void Fail(string reason)
    {
        FailureReason = reason;
        LogFailed(_logger, _transport?.Ice.LocalUsernameFragment ?? "-", reason);
        SetState(PeerConnectionState.Failed);
    }

    private RemoteTrack FindRemoteTrack(uint ssrc)
    {
        var media = Negotiated?.Media.FirstOrDefault(m => m.RemoteSsrcs.Contains(ssrc) || m.RemoteFidGroups.Any(g => g.RtxSsrc == ssrc));
        return new RemoteTrack(ssrc, media?.Mid, media?.Kind ?? SdpMediaKind.Other, media?.RemoteFidGroups.Any(g => g.RtxSsrc == ssrc) ?? false);
    }

    private bool SetState(PeerConnectionState next)
    {
        lock (_stateLock)
        {
            if (_state == next || _state == PeerConnectionState.Closed || (_state == PeerConnectionState.Failed && next != PeerConnectionState.Closed))
            {
                return false;
            }

            _state = next;
        }

        var handler = StateChanged;
        if (handler is not null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static s => s.handler(s.pc, s.next), (handler, pc: this, next), preferLocal: false);
        }

        return true;
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Information, Message = "Peer {Ufrag}: connected to {Remote}")]
    private static partial void LogConnected(ILogger logger, string ufrag, string remote);

    [LoggerMessage(EventId = 311, Level = LogLevel.Warning, Message = "Peer {Ufrag}: failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string ufrag, string reason);
}
