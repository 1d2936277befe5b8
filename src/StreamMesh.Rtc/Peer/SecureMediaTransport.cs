using System.Net;
using Microsoft.Extensions.Logging;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Ice;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Peer;

/// <summary>
/// The transport under one peer connection: an ICE agent on the shared socket, DTLS over the
/// selected pair (RFC 5764 DTLS-SRTP), then SRTP/SRTCP contexts keyed from the handshake.
/// Incoming SRTP is decrypted in place on the socket's receive loop; outgoing packets are protected
/// in the caller's buffer and sent without copies.
/// </summary>
internal sealed partial class SecureMediaTransport : IUdpMuxSink, IAsyncDisposable
{
    private readonly IceAgent _ice;
    private readonly UdpMuxRegistration _registration;
    private readonly ILogger _logger;
    private readonly Lock _sendLock = new();
    private DtlsTransport? _dtls;
    private SrtpContext? _outbound;
    private SrtpContext? _inbound;
    private IRtpPacketHandler? _handler;
    private long _srtpDropped;
    private long _earlyDropped;
    private long _rtpVerified;
    private long _rtpUnverified;
    private int _sinceVerified;

    public SecureMediaTransport(WebRtcEndpoint endpoint, IceAgentOptions iceOptions, TimeProvider time, ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger<SecureMediaTransport>();
        _ice = new IceAgent(endpoint.Mux, iceOptions, time, loggers.CreateLogger<IceAgent>());
        _registration = endpoint.Mux.Register(_ice, this);
    }

    public IceAgent Ice => _ice;

    public DtlsTransport? Dtls => Volatile.Read(ref _dtls);

    public bool IsSecure => Volatile.Read(ref _outbound) is not null;

    public int RtpOverhead => _outbound?.RtpOverhead ?? 16;

    public int RtcpOverhead => _outbound?.RtcpOverhead ?? 20;

    /// <summary>SRTP/SRTCP packets that failed authentication, replayed or were malformed.</summary>
    public long SrtpDropped => Interlocked.Read(ref _srtpDropped);

    /// <summary>RTP packets handed on without verification (an <see cref="ISampledRtpPacketHandler"/> sampling).</summary>
    public long RtpUnverified => Interlocked.Read(ref _rtpUnverified);

    public IRtpPacketHandler? Handler
    {
        get => Volatile.Read(ref _handler);
        set => Volatile.Write(ref _handler, value);
    }

    /// <summary>Raised on the receive loop when a packet of an SSRC not seen before arrives.</summary>
    public Action<uint>? NewRemoteSsrc { get; set; }

    private readonly HashSet<uint> _knownSsrcs = [];

    /// <summary>Creates the DTLS transport early so a peer's ClientHello that races ICE completion is queued, not lost.</summary>
    public void PrepareDtls(DtlsTransportOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _dtls = new DtlsTransport(options, datagram => _ice.Send(datagram), time, loggers.CreateLogger<DtlsTransport>());
    }

    /// <summary>Runs the DTLS handshake (after ICE has a selected pair) and keys SRTP from it.</summary>
    public async Task SecureAsync(CancellationToken cancellationToken)
    {
        var dtls = _dtls ?? throw new InvalidOperationException("PrepareDtls first");
        var keys = await dtls.HandshakeAsync(cancellationToken).ConfigureAwait(false);

        // RFC 5764 §4.2: each direction has its own master key and salt.
        var inbound = new SrtpContext(keys.Profile, keys.RemoteMasterKey, keys.RemoteMasterSalt);
        var outbound = new SrtpContext(keys.Profile, keys.LocalMasterKey, keys.LocalMasterSalt);
        Volatile.Write(ref _inbound, inbound);
        Volatile.Write(ref _outbound, outbound);
        LogSecured(_logger, _ice.LocalUsernameFragment, keys.Profile, _ice.SelectedRemoteEndPoint);
    }

    /// <summary>Protects <paramref name="length"/> bytes of RTP in place and sends them; the buffer needs room for the tag.</summary>
    public bool SendRtp(Span<byte> buffer, int length)
    {
        lock (_sendLock)
        {
            var context = _outbound;
            if (context is null || context.ProtectRtp(buffer, length, out var protectedLength) != SrtpResult.Ok)
            {
                return false;
            }

            return _ice.Send(buffer[..protectedLength]);
        }
    }

    /// <summary>The slot of <paramref name="batch"/> to write the next RTP packet into (see <see cref="SendRtp(UdpDatagramBatch, int)"/>).</summary>
    public Span<byte> ReserveRtp(UdpDatagramBatch batch) => batch.Reserve(_ice.Mux);

    /// <summary>Protects the <paramref name="length"/> bytes of RTP in the reserved slot in place and queues them on the batch.</summary>
    public bool SendRtp(UdpDatagramBatch batch, int length)
    {
        var remote = _ice.SendAddress;
        if (remote is null)
        {
            return false;
        }

        lock (_sendLock)
        {
            var context = _outbound;
            var slot = batch.Reserve(_ice.Mux);
            if (context is null || context.ProtectRtp(slot, length, out var protectedLength) != SrtpResult.Ok)
            {
                return false;
            }

            batch.Commit(protectedLength, remote);
            return true;
        }
    }

    public bool SendRtcp(Span<byte> buffer, int length)
    {
        lock (_sendLock)
        {
            var context = _outbound;
            if (context is null || context.ProtectRtcp(buffer, length, out var protectedLength) != SrtpResult.Ok)
            {
                return false;
            }

            return _ice.Send(buffer[..protectedLength]);
        }
    }

    public void OnDtlsDatagram(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        var dtls = Volatile.Read(ref _dtls);
        if (dtls is null)
        {
            Interlocked.Increment(ref _earlyDropped);
            return;
        }

        dtls.ReceiveDatagram(datagram);
    }

    public void OnRtpDatagram(Span<byte> datagram, IPEndPoint remote)
    {
        var context = Volatile.Read(ref _inbound);
        if (context is null)
        {
            Interlocked.Increment(ref _earlyDropped);
            return;
        }

        // RFC 5761 §4: with rtcp-mux, payload types 192..223 are RTCP.
        if (DatagramClassifier.IsRtcpPacketType(datagram))
        {
            if (context.UnprotectRtcp(datagram, out var rtcpLength) != SrtpResult.Ok)
            {
                Interlocked.Increment(ref _srtpDropped);
                return;
            }

            _ice.ReportMediaReceived();
            Handler?.OnRtcp(this.Owner!, datagram[..rtcpLength]);
            return;
        }

        if (Handler is ISampledRtpPacketHandler { VerifyEvery: > 1 } sampled && TryHandOnUnverified(context, sampled, datagram))
        {
            return;
        }

        if (context.UnprotectRtp(datagram, out var rtpLength) != SrtpResult.Ok)
        {
            Interlocked.Increment(ref _srtpDropped);
            return;
        }

        Volatile.Write(ref _rtpVerified, _rtpVerified + 1); // one writer: the receive loop

        _ice.ReportMediaReceived();
        var ssrc = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]);
        if (!_knownSsrcs.Contains(ssrc) && _knownSsrcs.Count < 64)
        {
            _knownSsrcs.Add(ssrc);
            NewRemoteSsrc?.Invoke(ssrc);
        }

        // A handler that republishes the packet may rewrite it in place instead of copying it first.
        var handler = Handler;
        if (handler is IWritableRtpPacketHandler writable)
        {
            writable.OnWritableRtp(Owner!, datagram[..rtpLength]);
        }
        else
        {
            handler?.OnRtp(Owner!, datagram[..rtpLength]);
        }
    }

    public void OnReceiveBurstEnd() => Handler?.OnReceiveBurstEnd(Owner!);

    /// <summary>
    /// Sampled verification: all but every K-th packet (after the first few, and RTX and the like the
    /// handler asks for) go on with the header read in clear and the payload left encrypted.
    /// </summary>
    private bool TryHandOnUnverified(SrtpContext context, ISampledRtpPacketHandler sampled, Span<byte> datagram)
    {
        if (_rtpVerified < ISampledRtpPacketHandler.AlwaysVerifiedPackets || ++_sinceVerified >= sampled.VerifyEvery)
        {
            _sinceVerified = 0;
            return false;
        }

        if (!context.TryStripUnverifiedRtp(datagram, out int headerLength, out int length) || sampled.MustVerify(datagram[..headerLength]))
        {
            _sinceVerified = 0;
            return false;
        }

        Volatile.Write(ref _rtpUnverified, _rtpUnverified + 1); // one writer: the receive loop
        sampled.OnUnverifiedRtp(Owner!, datagram[..length]);
        return true;
    }

    /// <summary>The connection handed to handlers with each packet.</summary>
    public RtcPeerConnection? Owner { get; set; }

    public async ValueTask DisposeAsync()
    {
        _dtls?.Close();
        _registration.Dispose();
        await _ice.DisposeAsync().ConfigureAwait(false);
        lock (_sendLock)
        {
            _outbound?.Dispose();
            _outbound = null;
        }

        _inbound?.Dispose();
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Peer {Ufrag}: DTLS-SRTP established ({Profile}) with {Remote}")]
    private static partial void LogSecured(ILogger logger, string ufrag, SrtpProfile profile, IPEndPoint? remote);
}
