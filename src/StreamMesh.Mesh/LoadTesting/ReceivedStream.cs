using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Sdp;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// What a headless viewer knows about one incoming SSRC: counters, RFC 3550 A.1/A.3 reception
/// statistics and, for media (not RTX) SSRCs, the NACK schedule. Counters are written by the
/// viewer's receive loop only and read from anywhere.
/// </summary>
public sealed class ReceivedStream
{
    private long _packets;
    private long _bytes;
    private long _retransmissions;

    public ReceivedStream(uint ssrc, SdpMediaKind kind, bool isRetransmission, int clockRate, TimeProvider timeProvider, NackGeneratorOptions? nackOptions = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Ssrc = ssrc;
        Kind = kind;
        IsRetransmission = isRetransmission;
        Statistics = new ReceiverStatistics(ssrc, new ReceiverStatisticsOptions { ClockRate = clockRate }, timeProvider);
        Nacks = isRetransmission ? null : new NackGenerator(nackOptions, timeProvider);
    }

    public uint Ssrc { get; }

    public SdpMediaKind Kind { get; }

    /// <summary>An RFC 4588 RTX stream; its packets are unwrapped and also counted on the media SSRC.</summary>
    public bool IsRetransmission { get; }

    /// <summary>Sequence validation and loss of the packets that arrived on this SSRC (repairs included for media SSRCs).</summary>
    public ReceiverStatistics Statistics { get; }

    /// <summary>The NACK schedule of a media SSRC; null for an RTX SSRC.</summary>
    public NackGenerator? Nacks { get; }

    /// <summary>RTP packets that arrived on this SSRC.</summary>
    public long Packets => Volatile.Read(ref _packets);

    /// <summary>RTP bytes (header and payload, after SRTP) that arrived on this SSRC.</summary>
    public long Bytes => Volatile.Read(ref _bytes);

    /// <summary>Packets of this media SSRC recovered through RTX.</summary>
    public long Retransmissions => Volatile.Read(ref _retransmissions);

    internal void CountPacket(int length)
    {
        Volatile.Write(ref _packets, _packets + 1);
        Volatile.Write(ref _bytes, _bytes + length);
    }

    internal void CountRetransmission() => Volatile.Write(ref _retransmissions, _retransmissions + 1);

    /// <summary>A point-in-time copy for reports.</summary>
    public ReceivedStreamReport CreateReport()
    {
        long lost = Statistics.CumulativeLost;
        long received = Statistics.PacketsReceived;
        long expected = lost + received;
        return new ReceivedStreamReport(
            Ssrc,
            Kind.ToString().ToLowerInvariant(),
            IsRetransmission,
            Packets,
            Bytes,
            IsRetransmission ? 0 : expected,
            IsRetransmission ? 0 : Math.Max(0, lost),
            IsRetransmission || expected <= 0 ? 0 : Math.Max(0, (double)lost / expected),
            Retransmissions,
            Statistics.JitterTime.TotalMilliseconds);
    }
}
