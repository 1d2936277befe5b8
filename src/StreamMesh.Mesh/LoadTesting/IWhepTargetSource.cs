namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Decides which node each headless viewer pulls from. A fixed WHEP URL today
/// (<see cref="FixedWhepTargetSource"/>); with the relay tree, a tracker-backed source will join the
/// stream for every viewer and return the parent it was assigned and the ticket it was given.
/// </summary>
public interface IWhepTargetSource
{
    /// <summary>The WHEP endpoint for viewer number <paramref name="viewerIndex"/> (0-based).</summary>
    ValueTask<WhepTarget> ResolveAsync(int viewerIndex, CancellationToken cancellationToken);
}
