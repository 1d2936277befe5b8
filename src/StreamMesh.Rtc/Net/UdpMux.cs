using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// The one UDP socket of a node, shared by every peer connection. A single receive loop classifies
/// each datagram by its first byte (RFC 7983 §7) and routes it: STUN requests by the local ufrag in
/// USERNAME, STUN responses by transaction ID, DTLS and SRTP/SRTCP by the remote endpoint an ICE agent
/// has validated.
/// </summary>
/// <remarks>
/// Threading: the receive loop calls agents and sinks synchronously, one datagram at a time, so they
/// must not block. <see cref="Send(ReadOnlySpan{byte}, IPEndPoint)"/> may be called from any thread.
/// Receiving allocates nothing per datagram: the receive buffers and <see cref="SocketAddress"/>es are
/// reused and routing tables are looked up with them directly.
/// </remarks>
public sealed partial class UdpMux : IAsyncDisposable, IDisposable
{
    private const int MaxConsecutiveReceiveErrors = 1000;

    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly UdpMuxCounterSet _counters = new();
    private readonly UdpMuxRoutingTable _routes;
    private readonly Random? _outboundLoss;
    private readonly Lock _outboundLossGate = new();
    private readonly Random? _inboundLoss;
    private readonly UdpSendDelayQueue? _sendDelay;
    private readonly IPEndPoint _endPointFactory;
    private readonly PolledUdpSocket? _polled;
    private readonly UdpMuxReceiveBurst? _burst;
    private readonly Task _receiveLoop;
    private int _disposed;

    /// <summary>Binds the socket and starts the receive loop.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    /// <exception cref="SocketException">The address or port cannot be bound.</exception>
    public UdpMux(UdpMuxOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _logger = logger ?? NullLogger.Instance;
        _socket = CreateSocket(options);
        _routes = new UdpMuxRoutingTable(_counters, _logger, CreateSocketAddress);
        var local = (IPEndPoint)_socket.LocalEndPoint!;
        LocalEndPoint = new IPEndPoint(Normalize(local.Address), local.Port);
        _endPointFactory = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0);
        if (options.OutboundRtpLossRate > 0)
        {
            _outboundLoss = new Random(options.LossRandomSeed);
        }

        if (options.InboundRtpLossRate > 0)
        {
            _inboundLoss = new Random(unchecked(options.LossRandomSeed * 31 + 1));
        }

        if (options.SendDelayPolicy is { } delayPolicy)
        {
            _sendDelay = new UdpSendDelayQueue(delayPolicy, SendUndelayed, TimeProvider.System);
        }

        UdpMuxLog.Bound(_logger, LocalEndPoint);
        _polled = options.ReceivePoller?.TryAdd(this, _socket, _logger);
        if (options.DedicatedReceiveThread && LinuxRecvMmsg.IsSupported)
        {
            _burst = new UdpMuxReceiveBurst(MaxDatagramsPerBurst);
        }

        _receiveLoop = options.DedicatedReceiveThread ? StartReceiveThread()
            : _polled is not null ? _polled.Stopped
            : Task.Run(ReceiveLoopAsync);
    }

    /// <summary>The options the mux was created with.</summary>
    public UdpMuxOptions Options { get; }

    /// <summary>The bound address and the actual port (useful with port 0).</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>A snapshot of the counters.</summary>
    public UdpMuxCounters Counters => _counters.Snapshot();

    /// <summary>
    /// True when <see cref="UdpMuxOptions.ReceivePoller"/> receives for this socket; false when the
    /// mux runs its own loop (no poller, or the poller is not supported here).
    /// </summary>
    public bool ReceivesThroughPoller => _polled is not null;

    /// <summary>
    /// True when called from the receive loop while it dispatches a receive burst: the datagrams one
    /// recvmmsg(2) took, which is what was already queued on the socket (it never waits for more).
    /// A sink reached now hears <see cref="IUdpMuxSink.OnReceiveBurstEnd"/> after the last datagram of
    /// the burst, so it may hold work back until then. Only the dedicated receive thread on Linux
    /// receives in bursts; elsewhere, and on any other thread, this is false.
    /// </summary>
    public bool IsInReceiveBurst => _burst is { } burst && burst.IsOpenOnCurrentThread;

    /// <summary>Number of live registrations.</summary>
    public int RegistrationCount => _routes.RegistrationCount;

    /// <summary>
    /// Attaches a peer connection: STUN for <paramref name="agent"/>'s local ufrag goes to the agent,
    /// DTLS/SRTP from endpoints it validates goes to <paramref name="sink"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The agent belongs to another mux.</exception>
    /// <exception cref="InvalidOperationException">The ufrag is already registered or the agent already has a registration.</exception>
    public UdpMuxRegistration Register(IceAgent agent, IUdpMuxSink sink)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!ReferenceEquals(agent.Mux, this))
        {
            throw new ArgumentException("The agent was created for another UdpMux.", nameof(agent));
        }

        var registration = new UdpMuxRegistration(this, agent, sink);
        if (!_routes.TryAddUfrag(registration))
        {
            throw new InvalidOperationException($"The ufrag '{registration.UsernameFragment}' is already registered on this mux.");
        }

        try
        {
            agent.AttachRegistration(registration);
        }
        catch
        {
            _routes.Remove(registration, [], []);
            throw;
        }

        return registration;
    }

    /// <summary>
    /// Sends one datagram. Never throws for network errors: returns false (and counts) instead.
    /// Allocation-free when <paramref name="remote"/> is an endpoint validated by an agent.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (DropOutbound(datagram))
        {
            return true;
        }

        if (_sendDelay is not null && _sendDelay.TryDefer(datagram, _routes.TryGetBinding(remote, out UdpMuxEndPointBinding? known) ? known.SocketAddress : CreateSocketAddress(remote)))
        {
            return true;
        }

        try
        {
            int sent = _routes.TryGetBinding(remote, out UdpMuxEndPointBinding? binding)
                ? _socket.SendTo(datagram, SocketFlags.None, binding.SocketAddress)
                : _socket.SendTo(datagram, SocketFlags.None, ForSocket(remote));
            CountSent(sent);
            return true;
        }
        catch (SocketException ex)
        {
            return SendFailed(ex, remote);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>
    /// Hot-path send to an address made once with <see cref="CreateSocketAddress"/>; never allocates.
    /// </summary>
    public bool Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (DropOutbound(datagram))
        {
            return true;
        }

        if (_sendDelay is not null && _sendDelay.TryDefer(datagram, remote))
        {
            return true;
        }

        try
        {
            CountSent(_socket.SendTo(datagram, SocketFlags.None, remote));
            return true;
        }
        catch (SocketException ex)
        {
            return SendFailed(ex, null);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Serializes <paramref name="remote"/> in this socket's address family, for <see cref="Send(ReadOnlySpan{byte}, SocketAddress)"/>.</summary>
    public SocketAddress CreateSocketAddress(IPEndPoint remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        return ForSocket(remote).Serialize();
    }

    /// <summary>Stops the loop and closes the socket without waiting for the loop to finish.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _sendDelay?.Dispose();

        // Out of the poller's epoll set while the descriptor is still ours; the poller reads only
        // through the socket's SafeHandle, so a read racing this close fails instead of reading a
        // socket that reuses the number.
        _polled?.Remove();
        if (Options.DedicatedReceiveThread)
        {
            // A blocking receive is not ended by close(2) on Linux; shutdown(2) wakes it (it then
            // returns 0). On an unconnected UDP socket the call reports ENOTCONN but still wakes it.
            try
            {
                _socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }
        }

        // Closing the socket completes the pending receive with an error, which ends the loop.
        _socket.Dispose();
        UdpMuxLog.Closed(_logger, LocalEndPoint);
    }

    /// <summary>Stops the loop, closes the socket and waits for the loop (or the poller) to be done with it: no datagram is dispatched after this.</summary>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await _receiveLoop.ConfigureAwait(false);
    }

    internal void AddTransactionRoute(StunTransactionId id, UdpMuxRegistration registration) =>
        _routes.AddTransaction(id, registration);

    internal void RemoveTransactionRoute(StunTransactionId id, UdpMuxRegistration registration) =>
        _routes.RemoveTransaction(id, registration);

    internal bool IsCurrentBinding(UdpMuxEndPointBinding binding) => _routes.IsCurrent(binding);

    internal void Bind(UdpMuxRegistration registration, IPEndPoint remote) => _routes.Bind(registration, remote);

    internal void Unregister(UdpMuxRegistration registration, StunTransactionId[] transactions, UdpMuxEndPointBinding[] bindings)
    {
        _routes.Remove(registration, transactions, bindings);
        UdpMuxLog.Unregistered(_logger, registration.UsernameFragment, bindings.Length);
    }

    /// <summary>Where <see cref="UdpSendDelayQueue"/> releases held datagrams (latency emulation only).</summary>
    private void SendUndelayed(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            CountSent(_socket.SendTo(datagram, SocketFlags.None, remote));
        }
        catch (SocketException ex)
        {
            SendFailed(ex, null);
        }
        catch (ObjectDisposedException)
        {
            // closed while datagrams were still held back
        }
    }

    private static Socket CreateSocket(UdpMuxOptions options)
    {
        var socket = new Socket(options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (options.BindAddress.Equals(IPAddress.IPv6Any))
            {
                socket.DualMode = true;
            }

            if (OperatingSystem.IsWindows())
            {
                // SIO_UDP_CONNRESET off: otherwise an ICMP port unreachable caused by one send fails
                // the next receive with WSAECONNRESET. Linux reports nothing on unconnected sockets.
                const int SioUdpConnReset = -1744830452;
                socket.IOControl(SioUdpConnReset, [0, 0, 0, 0], null);
            }

            if (options.SocketReceiveBufferSize > 0)
            {
                socket.ReceiveBufferSize = options.SocketReceiveBufferSize;
            }

            if (options.SocketSendBufferSize > 0)
            {
                socket.SendBufferSize = options.SocketSendBufferSize;
            }

            socket.Bind(new IPEndPoint(options.BindAddress, options.Port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static IPAddress Normalize(IPAddress address) =>
        address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private IPEndPoint ForSocket(IPEndPoint remote) =>
        _socket.AddressFamily == AddressFamily.InterNetworkV6 && remote.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(remote.Address.MapToIPv6(), remote.Port)
            : remote;

    private void CountSent(int bytes)
    {
        Interlocked.Increment(ref _counters.DatagramsSent);
        Interlocked.Add(ref _counters.BytesSent, bytes);
    }

    private bool SendFailed(SocketException ex, IPEndPoint? remote)
    {
        Interlocked.Increment(ref _counters.SendErrors);
        UdpMuxLog.SendFailed(_logger, remote, ex.SocketErrorCode);
        return false;
    }

    private bool DropOutbound(ReadOnlySpan<byte> datagram)
    {
        if (_outboundLoss is null || DatagramClassifier.Classify(datagram) != DatagramKind.Rtp)
        {
            return false;
        }

        double draw;
        lock (_outboundLossGate)
        {
            draw = _outboundLoss.NextDouble();
        }

        if (draw >= Options.OutboundRtpLossRate)
        {
            return false;
        }

        Interlocked.Increment(ref _counters.DroppedByOutboundLoss);
        return true;
    }

    private void Dispatch(Span<byte> datagram, SocketAddress from)
    {
        Interlocked.Increment(ref _counters.DatagramsReceived);
        Interlocked.Add(ref _counters.BytesReceived, datagram.Length);
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Stun:
                Interlocked.Increment(ref _counters.StunReceived);
                DispatchStun(datagram, from);
                break;
            case DatagramKind.Dtls:
                Interlocked.Increment(ref _counters.DtlsReceived);
                if (TryGetBinding(from, out UdpMuxEndPointBinding? dtlsRoute))
                {
                    _burst?.Touch(dtlsRoute.Registration.Sink);
                    dtlsRoute.Registration.Sink.OnDtlsDatagram(datagram, dtlsRoute.EndPoint);
                }

                break;
            case DatagramKind.Rtp:
                Interlocked.Increment(ref _counters.RtpReceived);
                if (!DropInbound() && TryGetBinding(from, out UdpMuxEndPointBinding? rtpRoute))
                {
                    _burst?.Touch(rtpRoute.Registration.Sink);
                    rtpRoute.Registration.Sink.OnRtpDatagram(datagram, rtpRoute.EndPoint);
                }

                break;
            case DatagramKind.Rtcp:
                Interlocked.Increment(ref _counters.RtcpReceived);
                if (TryGetBinding(from, out UdpMuxEndPointBinding? rtcpRoute))
                {
                    _burst?.Touch(rtcpRoute.Registration.Sink);
                    rtcpRoute.Registration.Sink.OnRtpDatagram(datagram, rtcpRoute.EndPoint);
                }

                break;
            default:
                Interlocked.Increment(ref _counters.DroppedMalformed);
                break;
        }
    }

    private bool TryGetBinding(SocketAddress from, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out UdpMuxEndPointBinding? binding)
    {
        if (_routes.TryGetBinding(from, out binding) && !binding.Registration.IsDisposed)
        {
            return true;
        }

        Interlocked.Increment(ref _counters.DroppedUnroutable);
        binding = null;
        return false;
    }

    private bool DropInbound()
    {
        // Only the receive loop draws from this generator, so it needs no lock.
        if (_inboundLoss is null || _inboundLoss.NextDouble() >= Options.InboundRtpLossRate)
        {
            return false;
        }

        Interlocked.Increment(ref _counters.DroppedByInboundLoss);
        return true;
    }

    private void DispatchStun(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (StunMessage.TryParse(datagram, out StunMessage message) != StunParseResult.Ok)
        {
            Interlocked.Increment(ref _counters.DroppedMalformed);
            return;
        }

        UdpMuxRegistration? registration = null;
        if (message.Method == StunMethod.Binding)
        {
            switch (message.Class)
            {
                case StunMessageClass.Request:
                    registration = _routes.FindByUfrag(message.UsernameLocalPart);
                    break;
                case StunMessageClass.SuccessResponse:
                case StunMessageClass.ErrorResponse:
                    registration = _routes.FindByTransaction(message.TransactionId);
                    break;
                default:
                    // Binding indications (RFC 8445 §11 keepalives) need no answer and carry no credentials.
                    break;
            }
        }

        if (registration is null || registration.IsDisposed)
        {
            Interlocked.Increment(ref _counters.DroppedUnroutable);
            return;
        }

        IPEndPoint remote = _routes.TryGetBinding(from, out UdpMuxEndPointBinding? known)
            ? known.EndPoint
            : ToEndPoint(from);
        // The agent counts unauthenticated messages itself (CountUnauthenticated), before it answers,
        // so the counter is already up to date when the peer sees the 401.
        registration.Agent.ProcessStun(message, remote);
    }

    /// <summary>Counts a STUN message that failed authentication (called by the agent before it replies).</summary>
    internal void CountUnauthenticated() => Interlocked.Increment(ref _counters.DroppedUnauthenticated);

    private IPEndPoint ToEndPoint(SocketAddress address)
    {
        var endPoint = (IPEndPoint)_endPointFactory.Create(address);
        return endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
    }
}
