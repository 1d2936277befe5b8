using System.Net;
using System.Net.Sockets;

namespace StreamMesh.Rtc.Net;

/// <summary>Configuration of a <see cref="UdpMux"/>, the one UDP socket of a node.</summary>
public sealed record UdpMuxOptions
{
    /// <summary>
    /// Local address to bind. <see cref="IPAddress.Any"/> (default) serves every IPv4 interface;
    /// <see cref="IPAddress.IPv6Any"/> makes a dual-stack socket; a specific address restricts host
    /// candidates to that address.
    /// </summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>Local port; 0 (default) lets the OS choose (see <see cref="UdpMux.LocalEndPoint"/>).</summary>
    public int Port { get; init; }

    /// <summary>Size of the single receive buffer; datagrams longer than this are truncated by the OS.</summary>
    public int ReceiveBufferSize { get; init; } = 65_536;

    /// <summary>SO_RCVBUF in bytes, 0 for the OS default. Many peers on one socket need a deep queue.</summary>
    public int SocketReceiveBufferSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>SO_SNDBUF in bytes, 0 for the OS default.</summary>
    public int SocketSendBufferSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Test hook: probability (0–1) of silently discarding an outbound RTP datagram (first byte
    /// 128–191, second byte not an RTCP type 192–223). STUN, DTLS and RTCP are never dropped.
    /// </summary>
    public double OutboundRtpLossRate { get; init; }

    /// <summary>Test hook: the same for inbound RTP datagrams, before they reach a sink.</summary>
    public double InboundRtpLossRate { get; init; }

    /// <summary>
    /// Test/tool hook: latency emulation. When set, every outbound datagram the policy assigns a delay
    /// to is held back that long by a <see cref="UdpSendDelayQueue"/> (this kernel has no netem).
    /// </summary>
    public IUdpSendDelayPolicy? SendDelayPolicy { get; init; }

    /// <summary>
    /// Send a <see cref="UdpDatagramBatch"/> with one sendmmsg(2) per batch where the kernel has it
    /// (Linux, 64-bit); false sends each datagram with its own sendto, as other platforms do.
    /// </summary>
    public bool UseSendMmsg { get; init; } = true;

    /// <summary>
    /// With <see cref="UseSendMmsg"/>: join consecutive datagrams of a batch to one destination into
    /// one message with UDP generic segmentation offload (UDP_SEGMENT, Linux 4.18+), so the kernel's
    /// stack is walked once per message instead of once per datagram. The datagrams on the wire are
    /// the same. Falls back to one datagram per message if the kernel refuses it.
    /// </summary>
    public bool UseSegmentationOffload { get; init; } = true;

    /// <summary>
    /// Receive on a thread of the mux's own with blocking receives instead of the runtime's
    /// asynchronous sockets. A node's one busy socket wants this: an asynchronous socket sits in the
    /// runtime's epoll set, and on Linux every datagram the fan-out sends frees write space and wakes
    /// the epoll thread (measured: ≈ 25 % of a forwarding node's CPU with the thread-pool hop of each
    /// received datagram). Costs one thread per mux, so processes with many muxes (LoadGen) keep false.
    /// On Linux the thread receives in bursts with recvmmsg(2) and tells sinks when a burst ends
    /// (<see cref="UdpMux.IsInReceiveBurst"/>, <see cref="IUdpMuxSink.OnReceiveBurstEnd"/>).
    /// </summary>
    public bool DedicatedReceiveThread { get; init; }

    /// <summary>
    /// Let this shared poller receive for the mux instead of a loop of its own (Linux; elsewhere, or
    /// when the poller is not active, the mux falls back to its asynchronous loop). For processes with
    /// many sockets: LoadGen's viewers share one poller thread. The poller's own 64 KB buffers stand in
    /// for <see cref="ReceiveBufferSize"/>. Not combined with <see cref="DedicatedReceiveThread"/>.
    /// </summary>
    public UdpReceivePoller? ReceivePoller { get; init; }

    /// <summary>Seed of the loss generator, so that a lossy run can be repeated.</summary>
    public int LossRandomSeed { get; init; } = 7983;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (BindAddress is null)
        {
            throw new ArgumentException("BindAddress is required.", nameof(BindAddress));
        }

        if (BindAddress.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException($"BindAddress must be IPv4 or IPv6, not {BindAddress.AddressFamily}.", nameof(BindAddress));
        }

        if (Port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new ArgumentException($"Port must be 0–65535, was {Port}.", nameof(Port));
        }

        if (ReceiveBufferSize is < 1500 or > 65_536)
        {
            throw new ArgumentException($"ReceiveBufferSize must be 1500–65536, was {ReceiveBufferSize}.", nameof(ReceiveBufferSize));
        }

        if (SocketReceiveBufferSize < 0 || SocketSendBufferSize < 0)
        {
            throw new ArgumentException("Socket buffer sizes must not be negative.", nameof(SocketReceiveBufferSize));
        }

        if (ReceivePoller is not null && DedicatedReceiveThread)
        {
            throw new ArgumentException("Use either ReceivePoller or DedicatedReceiveThread, not both.", nameof(ReceivePoller));
        }

        if (!(OutboundRtpLossRate is >= 0 and <= 1))
        {
            throw new ArgumentException($"OutboundRtpLossRate must be within 0–1, was {OutboundRtpLossRate}.", nameof(OutboundRtpLossRate));
        }

        if (!(InboundRtpLossRate is >= 0 and <= 1))
        {
            throw new ArgumentException($"InboundRtpLossRate must be within 0–1, was {InboundRtpLossRate}.", nameof(InboundRtpLossRate));
        }
    }
}
