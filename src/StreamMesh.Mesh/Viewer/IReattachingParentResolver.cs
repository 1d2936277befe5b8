namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// A resolver that can name another parent when the current one fails or the tree moves the viewer
/// (the tracker). <see cref="HeadlessViewer"/> uses it to keep watching across parents.
/// Called from the viewer's own loop, one call at a time.
/// </summary>
public interface IReattachingParentResolver : IViewerParentResolver
{
    /// <summary>The viewer lost <paramref name="lost"/> (silence, failed connection, refused attach); returns the next parent, or null when none can be had.</summary>
    Task<ViewerParent?> ReplaceAsync(ViewerParent lost, CancellationToken cancellationToken);

    /// <summary>A move the tree asked for since the last call (a nearer parent with a ticket), or null.</summary>
    ViewerParent? TakeMove();

    /// <summary>The latest progress line, for the quality-of-experience statistics sent with heartbeats.</summary>
    void Report(ViewerProgress progress);
}
