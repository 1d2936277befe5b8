namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>Why an offer could not be answered or an answer could not be applied.</summary>
public enum SdpNegotiationError
{
    /// <summary>No "a=group:BUNDLE": StreamMesh runs every m= section over one transport (RFC 8843), as browsers offer.</summary>
    BundleRequired,

    /// <summary>An acceptable RTP section lacks "a=rtcp-mux": RTP and RTCP share the transport (RFC 5761, RFC 8829 §4.1.1).</summary>
    RtcpMuxRequired,

    /// <summary>No ice-ufrag/ice-pwd for the BUNDLE transport (RFC 8839 §5.4).</summary>
    MissingIceCredentials,

    /// <summary>No a=fingerprint for the BUNDLE transport (RFC 8122 §5, RFC 5763 §5).</summary>
    MissingFingerprint,

    /// <summary>The a=setup value does not allow a DTLS role (holdconn, or actpass in an answer).</summary>
    InvalidSetupRole,

    /// <summary>Every m= section had to be rejected (no common codec, unsupported media, ...).</summary>
    NoAcceptableMedia,

    /// <summary>The answer does not correspond to the offer it claims to answer (RFC 3264 §6).</summary>
    AnswerMismatch,
}
