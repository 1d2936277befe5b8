namespace StreamMesh.Rtc.Sdp;

/// <summary>RTP header extension URIs negotiated with "a=extmap" (RFC 8285) by WebRTC browsers.</summary>
public static class RtpHeaderExtensionUris
{
    /// <summary>MID for BUNDLE demultiplexing (RFC 8843 §15.1).</summary>
    public const string SdesMid = "urn:ietf:params:rtp-hdrext:sdes:mid";

    /// <summary>RID of a simulcast encoding (RFC 8852 §3.1).</summary>
    public const string SdesRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";

    /// <summary>RID of the stream an RTX stream repairs (RFC 8852 §3.2).</summary>
    public const string SdesRepairedRtpStreamId = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Audio level (RFC 6464).</summary>
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /// <summary>Transmission time offset (RFC 5450).</summary>
    public const string TransmissionTimeOffset = "urn:ietf:params:rtp-hdrext:toffset";

    /// <summary>Absolute send time used by REMB (webrtc.org experiment).</summary>
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    /// <summary>Transport-wide sequence numbers for transport-cc feedback.</summary>
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    /// <summary>Capture time of the first sample (webrtc.org experiment).</summary>
    public const string AbsCaptureTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /// <summary>Coordination of video orientation (3GPP TS 26.114).</summary>
    public const string VideoOrientation = "urn:3gpp:video-orientation";

    /// <summary>Playout delay limits (webrtc.org experiment).</summary>
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
}
