namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>The RTCP feedback mechanisms StreamMesh implements, as negotiated for a media section.</summary>
[Flags]
public enum RtcpFeedbackFlags
{
    None = 0,

    /// <summary>"nack": generic NACK (RFC 4585 §6.2.1).</summary>
    Nack = 1,

    /// <summary>"nack pli": picture loss indication (RFC 4585 §6.3.1).</summary>
    Pli = 2,

    /// <summary>"ccm fir": full intra request (RFC 5104 §7.1).</summary>
    Fir = 4,

    /// <summary>"goog-remb": receiver estimated maximum bitrate.</summary>
    GoogRemb = 8,

    /// <summary>"transport-cc": transport-wide congestion control feedback.</summary>
    TransportCc = 16,
}
