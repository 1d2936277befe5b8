namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// The side this endpoint plays in the DTLS handshake. In WebRTC the SDP <c>a=setup</c> attribute
/// decides it (RFC 8842 §5): <c>active</c> is the DTLS client, <c>passive</c> the DTLS server.
/// </summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (a=setup:active).</summary>
    Client,

    /// <summary>Waits for the ClientHello (a=setup:passive).</summary>
    Server,
}
