namespace StreamMesh.Rtc.Rtcp;

/// <summary>What a packet inside a compound is, from its type, FMT and (for REMB) identifier.</summary>
public enum RtcpPacketKind
{
    /// <summary>Anything this stack does not interpret (APP, XR, other feedback formats): skip it.</summary>
    Unknown = 0,

    /// <summary><see cref="Rtcp.SenderReport"/>.</summary>
    SenderReport,

    /// <summary><see cref="Rtcp.ReceiverReport"/>.</summary>
    ReceiverReport,

    /// <summary><see cref="Rtcp.SourceDescription"/>.</summary>
    SourceDescription,

    /// <summary><see cref="Rtcp.Goodbye"/>.</summary>
    Goodbye,

    /// <summary><see cref="Rtcp.GenericNack"/>.</summary>
    GenericNack,

    /// <summary><see cref="Rtcp.TransportWideFeedback"/>.</summary>
    TransportWideFeedback,

    /// <summary><see cref="Rtcp.PictureLossIndication"/>.</summary>
    PictureLossIndication,

    /// <summary><see cref="Rtcp.FullIntraRequest"/>.</summary>
    FullIntraRequest,

    /// <summary><see cref="Rtcp.ReceiverEstimatedMaxBitrate"/>.</summary>
    ReceiverEstimatedMaxBitrate,
}
