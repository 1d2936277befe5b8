namespace StreamMesh.Rtc.Rtcp;

/// <summary>FMT values carried in the count field of feedback packets (RFC 4585 §6.1).</summary>
public static class RtcpFeedbackFormat
{
    /// <summary>RTPFB FMT 1: Generic NACK (RFC 4585 §6.2.1).</summary>
    public const int GenericNack = 1;

    /// <summary>RTPFB FMT 15: transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
    public const int TransportWideFeedback = 15;

    /// <summary>PSFB FMT 1: Picture Loss Indication (RFC 4585 §6.3.1).</summary>
    public const int PictureLossIndication = 1;

    /// <summary>PSFB FMT 4: Full Intra Request (RFC 5104 §4.3.1).</summary>
    public const int FullIntraRequest = 4;

    /// <summary>PSFB FMT 15: application layer feedback, used by REMB (RFC 4585 §6.4).</summary>
    public const int ApplicationLayer = 15;
}
