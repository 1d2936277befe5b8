namespace StreamMesh.Mesh.LoadTesting;

/// <summary>Life cycle of a headless viewer.</summary>
public enum HeadlessViewerState
{
    /// <summary>Not started yet (waiting for its turn in the ramp).</summary>
    Pending,

    /// <summary>Offer sent or ICE/DTLS in progress.</summary>
    Connecting,

    /// <summary>ICE connected and DTLS-SRTP keyed: media can flow.</summary>
    Connected,

    /// <summary>Connected once, then ICE consent went quiet (RFC 7675); may come back.</summary>
    Disconnected,

    /// <summary>The WHEP request, ICE or DTLS failed; see the failure reason.</summary>
    Failed,

    /// <summary>Closed by the run.</summary>
    Closed,
}
