namespace StreamMesh.Mesh.Tracker.Healing;

/// <summary>
/// The tracker's own look at a peer that a child reported unreachable. Only a definite answer counts as evidence:
/// <see cref="PeerLiveness.Dead"/> removes the peer at once, <see cref="PeerLiveness.Unknown"/> (timeout, no URL) leaves
/// the decision to the heartbeat grace.
/// </summary>
public interface IPeerLivenessCheck
{
    /// <summary>Checks the peer whose HTTP base URL is <paramref name="url"/>.</summary>
    Task<PeerLiveness> CheckAsync(string url, CancellationToken cancellationToken);
}
