namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>
/// This endpoint's DTLS role after offer/answer: "a=setup:active" means DTLS client (sends ClientHello),
/// "passive" means DTLS server (RFC 5763 §5, RFC 8842 §5).
/// </summary>
public enum NegotiatedDtlsRole
{
    Client,
    Server,
}
