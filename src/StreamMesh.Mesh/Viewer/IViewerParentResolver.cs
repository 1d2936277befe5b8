namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Chooses the node a headless viewer attaches to. Today the only implementation takes a WHEP URL as
/// given (<see cref="WhepUrlParentResolver"/>); the tracker-based resolver (ask the tracker for
/// candidates of a stream, pick the nearest with room) plugs in here without touching the viewer.
/// </summary>
public interface IViewerParentResolver
{
    /// <exception cref="ViewerException">No parent can be found (bad URL, unknown stream, tracker unreachable).</exception>
    Task<ViewerParent> ResolveAsync(CancellationToken cancellationToken);
}
