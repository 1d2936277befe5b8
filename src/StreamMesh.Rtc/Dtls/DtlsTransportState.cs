namespace StreamMesh.Rtc.Dtls;

/// <summary>Lifecycle of a <see cref="DtlsTransport"/>, mirroring RTCDtlsTransportState.</summary>
public enum DtlsTransportState
{
    /// <summary>Created; the handshake has not been started (early datagrams are queued).</summary>
    New,

    /// <summary>The handshake is in progress.</summary>
    Connecting,

    /// <summary>The handshake completed, the peer certificate matched its fingerprint and SRTP keys were exported.</summary>
    Connected,

    /// <summary>Closed locally or by the peer's close_notify alert. Terminal.</summary>
    Closed,

    /// <summary>The handshake failed or a fatal alert was sent or received. Terminal.</summary>
    Failed,
}
