namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Chooses the node a headless viewer attaches to, and is told how the attachment went. Today the only
/// implementation takes a WHEP URL as given (<see cref="WhepUrlParentResolver"/>). The tracker-based
/// resolver plugs in here without touching the viewer: <see cref="ResolveAsync"/> runs the join rounds
/// (landmarks, probes, ranked candidates), <see cref="ConfirmAsync"/> confirms the parent and starts its
/// heartbeats, <see cref="ReleaseAsync"/> leaves.
/// </summary>
public interface IViewerParentResolver
{
    /// <exception cref="ViewerException">No parent can be found (bad URL, unknown stream, tracker unreachable, full tree).</exception>
    Task<ViewerParent> ResolveAsync(CancellationToken cancellationToken);

    /// <summary>The viewer is connected to <paramref name="parent"/> and media flows.</summary>
    Task ConfirmAsync(ViewerParent parent, CancellationToken cancellationToken);

    /// <summary>The viewer has left <paramref name="parent"/> (end of run or failure); best effort, never throws.</summary>
    Task ReleaseAsync(ViewerParent parent, CancellationToken cancellationToken);
}
