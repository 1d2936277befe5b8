namespace StreamMesh.Rtc.Dtls;

/// <summary>Why a DTLS handshake (or an established association) failed.</summary>
public enum DtlsHandshakeFailureReason
{
    /// <summary>The peer's certificate does not hash to the fingerprint from its SDP (RFC 8122 §5).</summary>
    FingerprintMismatch,

    /// <summary>The peer presented no certificate; WebRTC requires mutual authentication (RFC 8827 §6.5).</summary>
    PeerCertificateMissing,

    /// <summary>The use_srtp extension was missing or no profile was common (RFC 5764 §4.1.3).</summary>
    NoCommonSrtpProfile,

    /// <summary>The handshake did not finish within <see cref="DtlsTransportOptions.HandshakeTimeout"/>.</summary>
    Timeout,

    /// <summary>The peer sent a fatal alert (or close_notify) during the handshake.</summary>
    AlertReceived,

    /// <summary>A protocol violation or internal error detected locally (we sent a fatal alert).</summary>
    ProtocolError,

    /// <summary><see cref="DtlsTransport.Close"/> was called before the handshake completed.</summary>
    Closed,
}
