namespace StreamMesh.Mesh.Tracker.Healing;

/// <summary>Outcome of an <see cref="IPeerLivenessCheck"/>.</summary>
public enum PeerLiveness
{
    /// <summary>No definite answer (timed out, unreachable network, no URL): not evidence either way.</summary>
    Unknown,

    /// <summary>The peer answered its health check.</summary>
    Alive,

    /// <summary>The peer's host refused the connection or the node said it is not healthy: the process is gone.</summary>
    Dead,
}
