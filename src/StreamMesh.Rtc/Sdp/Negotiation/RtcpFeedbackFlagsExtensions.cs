namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>Maps SDP rtcp-fb values to <see cref="RtcpFeedbackFlags"/>.</summary>
public static class RtcpFeedbackFlagsExtensions
{
    /// <summary>The flag for a feedback value, or <see cref="RtcpFeedbackFlags.None"/> for one StreamMesh does not implement.</summary>
    public static RtcpFeedbackFlags ToFlag(this RtcpFeedback feedback)
    {
        if (feedback.Equals(RtcpFeedback.Nack))
        {
            return RtcpFeedbackFlags.Nack;
        }

        if (feedback.Equals(RtcpFeedback.NackPli))
        {
            return RtcpFeedbackFlags.Pli;
        }

        if (feedback.Equals(RtcpFeedback.CcmFir))
        {
            return RtcpFeedbackFlags.Fir;
        }

        if (feedback.Equals(RtcpFeedback.GoogRemb))
        {
            return RtcpFeedbackFlags.GoogRemb;
        }

        return feedback.Equals(RtcpFeedback.TransportCc) ? RtcpFeedbackFlags.TransportCc : RtcpFeedbackFlags.None;
    }

    public static RtcpFeedbackFlags ToFlags(this IEnumerable<RtcpFeedback> feedback)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        RtcpFeedbackFlags flags = RtcpFeedbackFlags.None;
        foreach (RtcpFeedback item in feedback)
        {
            flags |= item.ToFlag();
        }

        return flags;
    }
}
