namespace StreamMesh.Rtc.Sdp;

/// <summary>Media direction attributes (RFC 8866 §6.7), always from the point of view of the SDP's author.</summary>
public enum SdpDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}
