namespace StreamMesh.Rtc.Sdp;

/// <summary>The &lt;media&gt; field of an "m=" line (RFC 8866 §5.14), reduced to what WebRTC distinguishes.</summary>
public enum SdpMediaKind
{
    Other,
    Audio,
    Video,
    Application,
}
