namespace StreamMesh.Rtc.Net;

/// <summary>A point-in-time copy of the counters of a <see cref="UdpMux"/>.</summary>
public sealed record UdpMuxCounters
{
    /// <summary>Datagrams read from the socket.</summary>
    public long DatagramsReceived { get; init; }

    /// <summary>Bytes read from the socket.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Datagrams handed to the socket (injected losses excluded).</summary>
    public long DatagramsSent { get; init; }

    /// <summary>Bytes handed to the socket.</summary>
    public long BytesSent { get; init; }

    /// <summary>Datagrams with a STUN first byte (0–3).</summary>
    public long StunReceived { get; init; }

    /// <summary>Datagrams with a DTLS first byte (20–63).</summary>
    public long DtlsReceived { get; init; }

    /// <summary>RTP datagrams (first byte 128–191, not an RTCP packet type).</summary>
    public long RtpReceived { get; init; }

    /// <summary>RTCP datagrams (first byte 128–191, second byte 192–223).</summary>
    public long RtcpReceived { get; init; }

    /// <summary>Dropped because the first byte is in no served range or the STUN message did not parse.</summary>
    public long DroppedMalformed { get; init; }

    /// <summary>Dropped because no registration owns the ufrag, transaction or source endpoint.</summary>
    public long DroppedUnroutable { get; init; }

    /// <summary>STUN requests rejected by an agent: MESSAGE-INTEGRITY missing or wrong.</summary>
    public long DroppedUnauthenticated { get; init; }

    /// <summary>Outbound RTP datagrams discarded by <see cref="UdpMuxOptions.OutboundRtpLossRate"/>.</summary>
    public long DroppedByOutboundLoss { get; init; }

    /// <summary>Inbound RTP datagrams discarded by <see cref="UdpMuxOptions.InboundRtpLossRate"/>.</summary>
    public long DroppedByInboundLoss { get; init; }

    /// <summary>Send calls that failed with a socket error.</summary>
    public long SendErrors { get; init; }

    /// <summary>Receive calls that failed with a socket error (the loop carried on).</summary>
    public long ReceiveErrors { get; init; }

    /// <summary>Times a remote endpoint bound to one registration was taken over by another.</summary>
    public long EndPointRebinds { get; init; }

    /// <summary>sendmmsg(2) calls made for <see cref="UdpDatagramBatch"/> flushes (datagrams sent ÷ this = batch size).</summary>
    public long BatchSystemCalls { get; init; }

    /// <summary>Messages sent with UDP_SEGMENT, each carrying several datagrams to one destination.</summary>
    public long SegmentedMessages { get; init; }

    /// <summary>Datagrams that went out inside <see cref="SegmentedMessages"/> (the rest went one per message).</summary>
    public long SegmentedDatagrams { get; init; }

    /// <summary>Segmented messages the kernel refused (EIO, EINVAL); their datagrams went one by one.</summary>
    public long SegmentationRejected { get; init; }
}
