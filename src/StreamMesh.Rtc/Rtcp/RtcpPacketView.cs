namespace StreamMesh.Rtc.Rtcp;

/// <summary>
/// One packet found by <see cref="RtcpCompoundReader"/>: its header, what kind it is, and its exact
/// bytes (header and padding included), ready for the matching type's <c>TryParse</c>.
/// </summary>
public readonly ref struct RtcpPacketView
{
    internal RtcpPacketView(RtcpHeader header, ReadOnlySpan<byte> data)
    {
        Header = header;
        Data = data;
        Kind = Classify(header, data);
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The whole packet.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>What the packet is; <see cref="RtcpPacketKind.Unknown"/> ones are to be skipped.</summary>
    public RtcpPacketKind Kind { get; }

    private static RtcpPacketKind Classify(RtcpHeader header, ReadOnlySpan<byte> data) => header.PacketType switch
    {
        RtcpPacketType.SenderReport => RtcpPacketKind.SenderReport,
        RtcpPacketType.ReceiverReport => RtcpPacketKind.ReceiverReport,
        RtcpPacketType.SourceDescription => RtcpPacketKind.SourceDescription,
        RtcpPacketType.Goodbye => RtcpPacketKind.Goodbye,
        RtcpPacketType.TransportLayerFeedback => header.Count switch
        {
            RtcpFeedbackFormat.GenericNack => RtcpPacketKind.GenericNack,
            RtcpFeedbackFormat.TransportWideFeedback => RtcpPacketKind.TransportWideFeedback,
            _ => RtcpPacketKind.Unknown,
        },
        RtcpPacketType.PayloadSpecificFeedback => header.Count switch
        {
            RtcpFeedbackFormat.PictureLossIndication => RtcpPacketKind.PictureLossIndication,
            RtcpFeedbackFormat.FullIntraRequest => RtcpPacketKind.FullIntraRequest,
            RtcpFeedbackFormat.ApplicationLayer when ReceiverEstimatedMaxBitrate.IsRemb(data) => RtcpPacketKind.ReceiverEstimatedMaxBitrate,
            _ => RtcpPacketKind.Unknown,
        },
        _ => RtcpPacketKind.Unknown,
    };
}
