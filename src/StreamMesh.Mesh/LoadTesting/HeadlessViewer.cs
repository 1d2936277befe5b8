using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// A browser-like WHEP viewer without a decoder: its own UDP socket (two connections between the same
/// two sockets would collide in the mux's endpoint routing), full ICE + DTLS + SRTP, receive
/// statistics per SSRC, NACKs for gaps and receiver reports, glass-to-glass latency from
/// abs-capture-time.
/// </summary>
/// <remarks>
/// Threading: packets arrive on the viewer's own socket loop, or on the run's shared receive poller
/// thread (<see cref="HeadlessViewerOptions.ReceivePoller"/>), one at a time; <see cref="Tick"/> is
/// called from the run's feedback timer; reports may be taken from any thread.
/// </remarks>
public sealed partial class HeadlessViewer : ISampledRtpPacketHandler, IAsyncDisposable
{
    private readonly HeadlessViewerOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private TaskCompletionSource<bool> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebRtcEndpoint? _endpoint;
    private RtcPeerConnection? _connection;
    private Uri? _resource;
    private long _startedAt;
    private long _connectTicks = -1;
    private int _state = (int)HeadlessViewerState.Pending;

    public HeadlessViewer(int index, HeadlessViewerOptions options, DtlsCertificate certificate, HttpClient http, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(http);
        options.Validate();
        Index = index;
        _options = options;
        _certificate = certificate;
        _http = http;
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<HeadlessViewer>();
        _localSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        _cname = $"loadgen-{index}";
    }

    /// <summary>The viewer's number in its run (0-based).</summary>
    public int Index { get; }

    public HeadlessViewerState State => (HeadlessViewerState)Volatile.Read(ref _state);

    public string? FailureReason { get; private set; }

    /// <summary>From the start of <see cref="ConnectAsync"/> to a connected, keyed transport; null until then.</summary>
    public TimeSpan? ConnectTime
    {
        get
        {
            long ticks = Interlocked.Read(ref _connectTicks);
            return ticks < 0 ? null : TimeSpan.FromTicks(ticks);
        }
    }

    /// <summary>
    /// Offers recvonly audio and video to <paramref name="target"/>, applies the answer and waits until
    /// the transport is connected or has failed. Never throws for network or protocol failures: they
    /// leave the viewer <see cref="HeadlessViewerState.Failed"/> with a <see cref="FailureReason"/>.
    /// </summary>
    /// <returns>True when connected.</returns>
    public async Task<bool> ConnectAsync(WhepTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Interlocked.CompareExchange(ref _state, (int)HeadlessViewerState.Connecting, (int)HeadlessViewerState.Pending) != (int)HeadlessViewerState.Pending)
        {
            throw new InvalidOperationException("a headless viewer connects once");
        }

        _startedAt = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await OpenAsync(target, _settled, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Fail("cancelled while connecting");
            return false;
        }
        catch (OperationCanceledException)
        {
            // Our connect timeout, or the HTTP client's own timeout on a node too busy to answer.
            Fail($"not connected within {_options.ConnectTimeout.TotalSeconds:0.#} s");
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or SdpParseException or SdpNegotiationException or System.Net.Sockets.SocketException or InvalidOperationException or IOException)
        {
            Fail(ex.Message);
            return false;
        }
    }

    /// <summary>Socket, endpoint and peer connection for one parent; WHEP POST; answer; then waits for <paramref name="settled"/>.</summary>
    private async Task<bool> OpenAsync(WhepTarget target, TaskCompletionSource<bool> settled, CancellationToken token)
    {
        // Only the connection of the current parent reaches the receive path (see OnRtp).
        var mux = new UdpMux(new UdpMuxOptions
        {
            BindAddress = target.LocalAddress ?? _options.BindAddress ?? (target.Endpoint.IsLoopback ? IPAddress.Loopback : IPAddress.Any),
            ReceiveBufferSize = 2048,
            SocketReceiveBufferSize = _options.SocketReceiveBufferSize,
            SocketSendBufferSize = 64 * 1024,
            ReceivePoller = _options.ReceivePoller,
        }, _loggers.CreateLogger<UdpMux>());
        _endpoint = new WebRtcEndpoint(mux, _certificate);
        // The DTLS bound includes the wait for one of the process's few handshake slots
        // (DtlsHandshakeScheduler), which hundreds of viewers ramping up in one process share: bound it
        // by the viewer's connect budget, not the 10 s default meant for one connection.
        var connection = new RtcPeerConnection(
            _endpoint,
            new RtcPeerConnectionOptions { ConnectTimeout = _options.ConnectTimeout, DtlsHandshakeTimeout = _options.ConnectTimeout },
            _time,
            _loggers);
        connection.Handler = this;
        connection.StateChanged += OnStateChanged;
        _connection = connection;

        var offer = await connection.CreateOfferAsync(CreatePlan(), token).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Endpoint)
        {
            Content = new StringContent(offer, Encoding.UTF8, "application/sdp"),
        };
        if (target.BearerToken is { } bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await _http.SendAsync(request, token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            FailAttempt($"WHEP POST answered {(int)response.StatusCode} {response.ReasonPhrase}");
            return false;
        }

        if (response.Headers.Location is { } location)
        {
            _resource = location.IsAbsoluteUri ? location : new Uri(target.Endpoint, location);
        }

        var answer = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
        connection.AcceptAnswer(answer);
        BindNegotiated(connection.Negotiated!);
        return await settled.Task.WaitAsync(token).ConfigureAwait(false);
    }

    /// <summary>Ends the WHEP session (DELETE of its resource, best effort) and releases the connection and socket.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_resource is { } resource && State is HeadlessViewerState.Connected or HeadlessViewerState.Disconnected)
        {
            try
            {
                using var response = await _http.DeleteAsync(resource, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                LoadTestingLog.DeleteFailed(_logger, Index, ex.Message);
            }
        }

        SetFinalState(HeadlessViewerState.Closed);
        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        SetFinalState(HeadlessViewerState.Closed);
        _settled.TrySetResult(false);
        if (_connection is { } connection)
        {
            connection.StateChanged -= OnStateChanged;
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        if (_endpoint is { } endpoint)
        {
            await endpoint.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>What a recvonly browser offers, plus abs-capture-time so latency can be measured.</summary>
    private static PeerMediaPlan CreatePlan()
    {
        string[] extensions = [.. LocalMediaSettings.DefaultHeaderExtensions, AbsCaptureTimeExtension.Uri];
        return new PeerMediaPlan
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly) with { HeaderExtensions = extensions },
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly) with { HeaderExtensions = extensions },
        };
    }

    private void OnStateChanged(RtcPeerConnection connection, PeerConnectionState state)
    {
        if (!ReferenceEquals(connection, _connection))
        {
            return;
        }

        if (Reattachable && state is PeerConnectionState.Failed or PeerConnectionState.Closed && _connectTicks >= 0)
        {
            // In the tree a failed parent link is healed by reattaching, not the end of this viewer.
            TransitionFromLive(HeadlessViewerState.Disconnected);
            _settled.TrySetResult(false);
            return;
        }

        switch (state)
        {
            case PeerConnectionState.Connected:
                Interlocked.CompareExchange(ref _connectTicks, _time.GetElapsedTime(_startedAt).Ticks, -1);
                if (Volatile.Read(ref _reattaching) != 0)
                {
                    _settled.TrySetResult(true);
                    break;
                }

                TransitionFromLive(HeadlessViewerState.Connected);
                LoadTestingLog.ViewerConnected(_logger, Index, ConnectTime?.TotalMilliseconds ?? 0);
                _settled.TrySetResult(true);
                break;
            case PeerConnectionState.Disconnected:
                TransitionFromLive(HeadlessViewerState.Disconnected);
                break;
            case PeerConnectionState.Failed:
                Fail(connection.FailureReason ?? "peer connection failed");
                break;
        }
    }

    /// <summary>Marks a viewer that could not even be started (e.g. no target) as failed.</summary>
    internal void MarkFailed(string reason)
    {
        Interlocked.CompareExchange(ref _state, (int)HeadlessViewerState.Connecting, (int)HeadlessViewerState.Pending);
        Fail(reason);
    }

    private void TransitionFromLive(HeadlessViewerState next)
    {
        while (true)
        {
            int current = Volatile.Read(ref _state);
            if (current is (int)HeadlessViewerState.Failed or (int)HeadlessViewerState.Closed)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _state, (int)next, current) == current)
            {
                return;
            }
        }
    }

    private void Fail(string reason)
    {
        int current = Volatile.Read(ref _state);
        if (current is (int)HeadlessViewerState.Failed or (int)HeadlessViewerState.Closed)
        {
            return;
        }

        FailureReason = reason;
        TransitionFromLive(HeadlessViewerState.Failed);
        LoadTestingLog.ViewerFailed(_logger, Index, reason);
        _settled.TrySetResult(false);
    }

    private void SetFinalState(HeadlessViewerState state)
    {
        int current = Volatile.Read(ref _state);
        if (current != (int)HeadlessViewerState.Failed)
        {
            Volatile.Write(ref _state, (int)state);
        }
    }
}
