namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// A target source that can move a viewer when its parent fails (the relay tree): the load run asks
/// it for a new parent when a viewer's media falls silent, and picks up moves the tracker decided.
/// Every member may be called from any thread.
/// </summary>
public interface IReattachingWhepTargetSource : IWhepTargetSource
{
    /// <summary>The peer id viewer <paramref name="viewerIndex"/> is attached to now, if any.</summary>
    string? ParentOf(int viewerIndex);

    /// <summary>
    /// Reports the viewer's current parent unreachable and returns the parent assigned instead, with
    /// its ticket; null when the tracker has none to offer right now, or when the parent is alive and
    /// <paramref name="force"/> is false (a silent but live parent is usually healing its own upstream:
    /// accusing it at once would get a working relay removed from the tree).
    /// </summary>
    /// <param name="viewerIndex">The viewer.</param>
    /// <param name="force">Move even if the parent answers: the link failed, or the silence outlasted the viewer's patience.</param>
    /// <param name="cancellationToken">Cancels the tracker calls.</param>
    ValueTask<WhepTarget?> ReattachAsync(int viewerIndex, bool force, CancellationToken cancellationToken);

    /// <summary>A parent change the tracker announced (heartbeat answer) that the viewer has not followed yet.</summary>
    bool TryTakeMove(int viewerIndex, out WhepTarget? target);
}
