namespace StreamMesh.Rtc.Sdp;

/// <summary>
/// The "a=setup" value (RFC 4145 §4) deciding the DTLS client: "active" connects (DTLS client), "passive"
/// accepts (DTLS server), "actpass" lets the answerer choose (RFC 5763 §5, RFC 8842 §5).
/// </summary>
public enum SdpSetupRole
{
    ActPass,
    Active,
    Passive,
    HoldConn,
}
