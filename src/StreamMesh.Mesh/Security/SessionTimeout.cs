namespace StreamMesh.Mesh.Security;

/// <summary>Why a WHEP session was reaped.</summary>
public enum SessionTimeout
{
    /// <summary>ICE/DTLS never completed within <see cref="LimitsOptions.HandshakeTimeout"/>.</summary>
    Handshake = 0,

    /// <summary>Disconnected for longer than <see cref="LimitsOptions.IdleTimeout"/>.</summary>
    Idle = 1,
}
