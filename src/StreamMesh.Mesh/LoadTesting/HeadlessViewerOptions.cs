using System.Net;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Settings of one headless viewer.</summary>
public sealed record HeadlessViewerOptions
{
    /// <summary>Address each viewer's own UDP socket binds to; null picks loopback for a loopback WHEP host, else any.</summary>
    public IPAddress? BindAddress { get; init; }

    /// <summary>
    /// Kernel receive buffer per viewer socket: about a second of a 2.5 Mbit/s stream, so a load generator
    /// starved of CPU for a moment does not drop (memory is only used while datagrams wait).
    /// </summary>
    public int SocketReceiveBufferSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// The shared poller that receives for the viewer's socket (<see cref="ViewerLoadRun"/> sets its
    /// own); null: the socket has its own asynchronous receive loop.
    /// </summary>
    public UdpReceivePoller? ReceivePoller { get; init; }

    /// <summary>From the WHEP POST to a connected, keyed transport.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Interval of RTCP receiver reports (RFC 3550 §6.2 minimum is 5 s for small sessions; browsers send about every second).</summary>
    public TimeSpan ReceiverReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// SRTP-authenticate and decrypt every K-th RTP packet (plus the first 16, every RTX packet and every
    /// RTCP packet); 1 (default) verifies all. Sequence, loss, gap and glass-to-glass accounting read every
    /// packet's header, which SRTP leaves in clear (RFC 3711 §3.1), so they stay exact; what sampling gives
    /// up is catching a forged or corrupted packet that was not sampled.
    /// </summary>
    public int VerifyEvery { get; init; } = 1;

    /// <summary>NACK retry timing, as a browser's receiver would.</summary>
    public NackGeneratorOptions Nack { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> for values out of range.</summary>
    public void Validate()
    {
        if (SocketReceiveBufferSize < 0)
        {
            throw new ArgumentException($"{nameof(SocketReceiveBufferSize)} must not be negative (got {SocketReceiveBufferSize}).", nameof(SocketReceiveBufferSize));
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ConnectTimeout)} must be positive (got {ConnectTimeout}).", nameof(ConnectTimeout));
        }

        if (ReceiverReportInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(ReceiverReportInterval)} must be positive (got {ReceiverReportInterval}).", nameof(ReceiverReportInterval));
        }

        if (VerifyEvery < 1)
        {
            throw new ArgumentException($"{nameof(VerifyEvery)} must be at least 1 (got {VerifyEvery}).", nameof(VerifyEvery));
        }

        ArgumentNullException.ThrowIfNull(Nack, nameof(Nack));
        Nack.Validate();
    }
}
