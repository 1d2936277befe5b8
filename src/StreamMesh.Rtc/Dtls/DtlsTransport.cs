using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// DTLS 1.2 for one WebRTC peer connection (RFC 5764 DTLS-SRTP, RFC 8827 §6.5), on BouncyCastle.
/// </summary>
/// <remarks>
/// <para>Threading:</para>
/// <list type="bullet">
/// <item><see cref="ReceiveDatagram"/> is called by the shared UDP receive loop for every DTLS datagram
/// (first byte 20..63, RFC 7983). It validates the record framing, copies into a bounded queue and
/// returns; it never blocks. Datagrams that arrive before <see cref="HandshakeAsync"/> (an eager
/// ClientHello and its retransmissions) wait in the queue.</item>
/// <item><see cref="HandshakeAsync"/> runs BouncyCastle's blocking handshake as thread-pool work admitted
/// by a <see cref="DtlsHandshakeScheduler"/>; its reads wait on a semaphore fed by <see cref="ReceiveDatagram"/>.</item>
/// <item>After the handshake no thread is held. Late records (the peer's retransmitted final flight when
/// our Finished was lost, alerts) are processed on demand by a short pool work item.</item>
/// <item>The send callback is invoked synchronously from those threads and from <see cref="Close"/>; it
/// must not block for long (a UDP send is fine) and may be called concurrently with itself.</item>
/// <item><see cref="StateChanged"/> is raised on whichever thread made the transition.</item>
/// </list>
/// </remarks>
public sealed class DtlsTransport : IDisposable
{
    // After the handshake BouncyCastle offers only Receive(waitMillis); it keeps reading until a wait
    // expires, and 1 ms is the shortest wait it accepts. Handling a burst of late records therefore
    // parks a pool thread for about 1 ms, never longer.
    private const int PostHandshakeWaitMillis = 1;

    private readonly DtlsTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly DtlsHandshakeScheduler _scheduler;
    private readonly DatagramQueueTransport _datagrams;
    private readonly CancellationTokenSource _closeRequested = new();
    private readonly Lock _stateGate = new();
    private readonly Lock _recordGate = new();
    private DtlsTransportState _state;
    private BcDtlsTransport? _association;
    private DtlsHandshakeObserver? _observer;
    private byte[]? _recordBuffer;
    private bool _closing;
    private int _handshakeStarted;
    private int _processingScheduled;
    private long _malformedDropped;
    private long _overflowDropped;
    private long _applicationDataDropped;

    /// <summary>Creates the transport; nothing is sent until <see cref="HandshakeAsync"/>.</summary>
    /// <param name="options">Validated here; see <see cref="DtlsTransportOptions.Validate"/>.</param>
    /// <param name="sendDatagram">Sends one datagram to the peer over the shared socket.</param>
    /// <param name="timeProvider">Clock for the handshake timeout (default: system).</param>
    /// <param name="logger">Optional logger.</param>
    public DtlsTransport(
        DtlsTransportOptions options,
        Action<ReadOnlySpan<byte>> sendDatagram,
        TimeProvider? timeProvider = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sendDatagram);
        options.Validate();

        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _scheduler = options.HandshakeScheduler ?? DtlsHandshakeScheduler.Shared;
        _datagrams = new DatagramQueueTransport(
            options.ReceiveQueueCapacity, options.Mtu, sendDatagram, _logger, gateChangeCipherSpec: options.Role == DtlsRole.Server);
    }

    /// <summary>Raised after every state transition.</summary>
    public event EventHandler<DtlsStateChangedEventArgs>? StateChanged;

    /// <summary>The current state.</summary>
    public DtlsTransportState State
    {
        get
        {
            lock (_stateGate)
            {
                return _state;
            }
        }
    }

    /// <summary>Our handshake role.</summary>
    public DtlsRole Role => _options.Role;

    /// <summary>Our certificate's fingerprint, for our SDP.</summary>
    public DtlsFingerprint LocalFingerprint => _options.Certificate.Fingerprint;

    /// <summary>Datagrams dropped because their record framing was invalid.</summary>
    public long MalformedDatagramsDropped => Interlocked.Read(ref _malformedDropped);

    /// <summary>Datagrams dropped because the receive queue was full.</summary>
    public long QueueOverflowDatagramsDropped => Interlocked.Read(ref _overflowDropped);

    /// <summary>DTLS application_data records received and discarded (no data channels on this transport).</summary>
    public long ApplicationDataRecordsDropped => Interlocked.Read(ref _applicationDataDropped);

    /// <summary>Outgoing datagrams whose send callback threw (treated as lost).</summary>
    public long SendFailures => _datagrams.SendFailures;

    /// <summary>Hands one received DTLS datagram to the transport. Never blocks, never throws on bad input.</summary>
    public void ReceiveDatagram(ReadOnlySpan<byte> datagram)
    {
        if (!DtlsDatagramValidator.IsWellFormed(datagram))
        {
            Interlocked.Increment(ref _malformedDropped);
            _logger.DatagramDropped(datagram.Length, "malformed record framing");
            return;
        }

        if (!_datagrams.TryEnqueue(datagram))
        {
            if (!_datagrams.IsClosed)
            {
                Interlocked.Increment(ref _overflowDropped);
                _logger.DatagramDropped(datagram.Length, "receive queue full");
            }

            return;
        }

        if (Volatile.Read(ref _association) is not null)
        {
            ScheduleRecordProcessing();
        }
    }

    /// <summary>
    /// Runs the handshake and returns the SRTP keys. Call once. Fails with
    /// <see cref="DtlsHandshakeException"/> (see its <see cref="DtlsHandshakeException.Reason"/>) or, if
    /// <paramref name="cancellationToken"/> fires, <see cref="OperationCanceledException"/>; keys are only
    /// returned once the peer's certificate matched <see cref="DtlsTransportOptions.RemoteFingerprint"/>.
    /// </summary>
    public Task<DtlsSrtpKeys> HandshakeAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _handshakeStarted, 1) != 0)
        {
            throw new InvalidOperationException("HandshakeAsync can only be called once per DtlsTransport.");
        }

        if (!TryTransition(DtlsTransportState.New, DtlsTransportState.Connecting))
        {
            return Task.FromException<DtlsSrtpKeys>(new DtlsHandshakeException(
                DtlsHandshakeFailureReason.Closed, "The DTLS transport was closed before the handshake started."));
        }

        return RunHandshakeAsync(cancellationToken);
    }

    /// <summary>
    /// Closes the association: sends close_notify if connected (RFC 5246 §7.2.1); aborts a running
    /// handshake (which then fails with <see cref="DtlsHandshakeFailureReason.Closed"/>). Idempotent.
    /// </summary>
    public void Close()
    {
        bool abandoningHandshake;
        lock (_stateGate)
        {
            if (_state is DtlsTransportState.Closed or DtlsTransportState.Failed)
            {
                return;
            }

            abandoningHandshake = _state == DtlsTransportState.Connecting;
        }

        if (abandoningHandshake)
        {
            // BouncyCastle answers the cancellation with an internal_error alert; the peer learns of the
            // closure through signalling instead.
            _datagrams.SuppressSends();
        }

        _closeRequested.Cancel();
        lock (_recordGate)
        {
            _closing = true;
            _association?.Close();
        }

        _datagrams.Close();
        TransitionToTerminal(DtlsTransportState.Closed, null, null);
    }

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    private async Task<DtlsSrtpKeys> RunHandshakeAsync(CancellationToken cancellationToken)
    {
        long started = _timeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, timeout.Token, _closeRequested.Token);
        var observer = new DtlsHandshakeObserver(_options.RemoteFingerprint, _logger);
        Volatile.Write(ref _observer, observer);
        _logger.HandshakeStarting(Role);

        try
        {
            // A server competes for a handshake slot only once its client is demonstrably running (see
            // DtlsHandshakeScheduler); a ClientHello that arrived before this call already counts.
            if (Role == DtlsRole.Server)
            {
                await _datagrams.FirstDatagram.WaitAsync(linked.Token).ConfigureAwait(false);
            }

            HandshakeResult result = await _scheduler.RunAsync(
                    Role,
                    static state => state.Transport.RunBlockingHandshake(state.Observer, state.Token),
                    (Transport: this, Observer: observer, Token: linked.Token),
                    linked.Token)
                .ConfigureAwait(false);

            Publish(result.Association);
            if (!TryTransition(DtlsTransportState.Connecting, DtlsTransportState.Connected))
            {
                throw new DtlsHandshakeException(DtlsHandshakeFailureReason.Closed, "The DTLS transport was closed.");
            }

            _logger.HandshakeCompleted(Role, _timeProvider.GetElapsedTime(started).TotalMilliseconds, result.Keys.Profile);

            // Records that arrived while the handshake was finishing.
            ScheduleRecordProcessing();
            return result.Keys;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Exception failure = DtlsHandshakeFailureClassifier.Classify(
                ex,
                observer,
                cancellationToken,
                closeRequested: _closeRequested.IsCancellationRequested,
                timedOut: timeout.IsCancellationRequested,
                _options.HandshakeTimeout);
            var reason = (failure as DtlsHandshakeException)?.Reason;
            bool closed = reason is null or DtlsHandshakeFailureReason.Closed;
            if (closed)
            {
                _logger.HandshakeAbandoned(Role);
            }
            else
            {
                _logger.HandshakeFailed(Role, reason!.Value, ex);
            }

            lock (_recordGate)
            {
                _closing = true;
            }

            _datagrams.Close();
            TransitionToTerminal(
                closed ? DtlsTransportState.Closed : DtlsTransportState.Failed,
                reason,
                (failure as DtlsHandshakeException)?.AlertDescription);
            throw failure;
        }
    }

    /// <summary>The blocking part, on a thread-pool thread admitted by the scheduler.</summary>
    private HandshakeResult RunBlockingHandshake(DtlsHandshakeObserver observer, CancellationToken cancellationToken)
    {
        _datagrams.SetReceiveCancellation(cancellationToken);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var crypto = new BcTlsCrypto(new SecureRandom());
            var settings = new DtlsEndpointSettings(_options);

            BcDtlsTransport association;
            Srtp.SrtpProfile? profile;
            byte[]? keyingMaterial;
            if (Role == DtlsRole.Client)
            {
                var client = new DtlsSrtpClient(crypto, settings, observer);
                association = new DtlsClientProtocol().Connect(client, _datagrams);
                (profile, keyingMaterial) = (client.SelectedProfile, client.KeyingMaterial);
            }
            else
            {
                var server = new DtlsSrtpServer(crypto, settings, observer);
                association = new DtlsServerProtocol().Accept(server, _datagrams);
                (profile, keyingMaterial) = (server.SelectedProfile, server.KeyingMaterial);
            }

            // A final flight (the server's ChangeCipherSpec and Finished) is not followed by a read.
            _datagrams.Flush();

            // Belt and braces: BouncyCastle must have shown us the peer certificate and we must have
            // exported keys; otherwise the association is not usable for WebRTC.
            if (!observer.PeerVerified || profile is null || keyingMaterial is null)
            {
                association.Close();
                throw new DtlsHandshakeException(
                    observer.PeerVerified ? DtlsHandshakeFailureReason.ProtocolError : DtlsHandshakeFailureReason.PeerCertificateMissing,
                    "The handshake completed without a verified peer certificate and SRTP keying material.");
            }

            return new HandshakeResult(association, DtlsSrtpKeyExporter.Split(profile.Value, keyingMaterial, Role));
        }
        finally
        {
            // The linked token source dies with the handshake; later (1 ms) reads must not touch it.
            _datagrams.SetReceiveCancellation(CancellationToken.None);
        }
    }

    private void Publish(BcDtlsTransport association)
    {
        lock (_recordGate)
        {
            if (!_closing)
            {
                Volatile.Write(ref _association, association);
                return;
            }
        }

        association.Close();
        throw new DtlsHandshakeException(DtlsHandshakeFailureReason.Closed, "The DTLS transport was closed.");
    }

    private void ScheduleRecordProcessing()
    {
        if (_datagrams.Count > 0 && Interlocked.CompareExchange(ref _processingScheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static transport => transport.ProcessPendingRecords(), this, preferLocal: false);
        }
    }

    private void ProcessPendingRecords()
    {
        try
        {
            while (true)
            {
                ProcessQueuedDatagrams();
                Volatile.Write(ref _processingScheduled, 0);

                // A datagram queued between the last check and the reset above found the flag still set.
                if (_datagrams.Count == 0 || Interlocked.CompareExchange(ref _processingScheduled, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // BouncyCastle reports failures as IOExceptions, handled in ProcessQueuedDatagrams; anything else is a bug that
            // must fail this association rather than escape onto the thread pool and end the process.
            _logger.AssociationFailed(ex);
            lock (_recordGate)
            {
                _closing = true;
            }

            _datagrams.Close();
            TransitionToTerminal(DtlsTransportState.Failed, DtlsHandshakeFailureReason.ProtocolError, null);
        }
    }

    private void ProcessQueuedDatagrams()
    {
        DtlsTransportState? outcome = null;
        byte? alert = null;
        lock (_recordGate)
        {
            BcDtlsTransport? association = _association;
            DtlsHandshakeObserver? observer = _observer;
            if (association is null || observer is null || _closing)
            {
                return;
            }

            byte[] buffer = _recordBuffer ??= new byte[association.GetReceiveLimit()];
            while (outcome is null && _datagrams.Count > 0)
            {
                try
                {
                    // Handshake records (the peer's retransmitted final flight) make BouncyCastle resend
                    // our last flight (RFC 6347 §4.2.4); alerts are reported through the observer.
                    int received = association.Receive(buffer, 0, buffer.Length, PostHandshakeWaitMillis);
                    while (received >= 0)
                    {
                        Interlocked.Increment(ref _applicationDataDropped);
                        received = association.ReceivePending(buffer, 0, buffer.Length);
                    }

                    _datagrams.Flush();
                }
                catch (TlsFatalAlertReceived ex)
                {
                    outcome = DtlsTransportState.Failed;
                    alert = (byte)ex.AlertDescription;
                    _logger.AssociationFailed(ex);
                }
                catch (IOException ex)
                {
                    // Includes TlsFatalAlert (we sent one) and the closed-transport read after close_notify.
                    outcome = observer.CloseNotifyReceived ? DtlsTransportState.Closed : DtlsTransportState.Failed;
                    if (outcome == DtlsTransportState.Failed)
                    {
                        _logger.AssociationFailed(ex);
                    }
                }

                if (observer.CloseNotifyReceived)
                {
                    // BouncyCastle has already answered with its own close_notify (RFC 5246 §7.2.1).
                    outcome = DtlsTransportState.Closed;
                    alert = (byte)AlertDescription.close_notify;
                }
            }

            if (outcome is null)
            {
                return;
            }

            _closing = true;
        }

        _datagrams.Close();
        TransitionToTerminal(
            outcome.Value,
            outcome == DtlsTransportState.Failed ? DtlsHandshakeFailureReason.AlertReceived : null,
            alert);
    }

    private bool TryTransition(DtlsTransportState from, DtlsTransportState to)
    {
        lock (_stateGate)
        {
            if (_state != from)
            {
                return false;
            }

            _state = to;
        }

        OnStateChanged(new DtlsStateChangedEventArgs(from, to));
        return true;
    }

    private void TransitionToTerminal(DtlsTransportState to, DtlsHandshakeFailureReason? reason, byte? alert)
    {
        DtlsTransportState previous;
        lock (_stateGate)
        {
            if (_state is DtlsTransportState.Closed or DtlsTransportState.Failed)
            {
                return;
            }

            previous = _state;
            _state = to;
        }

        OnStateChanged(new DtlsStateChangedEventArgs(previous, to, reason, alert));
    }

    private void OnStateChanged(DtlsStateChangedEventArgs args)
    {
        _logger.StateChanged(args.Previous, args.State);
        try
        {
            StateChanged?.Invoke(this, args);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A subscriber's bug must not kill the thread-pool thread that processed a record.
            _logger.StateChangedHandlerFailed(ex);
        }
    }

    private readonly record struct HandshakeResult(BcDtlsTransport Association, DtlsSrtpKeys Keys);
}
