using StreamMesh.Mesh.LoadTesting;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;

namespace StreamMesh.EndToEnd.Tests.Acceptance;

/// <summary>
/// Joins a stream at the tracker with a chosen parent first in the preference list (the tracker
/// honours it when that parent can adopt), so a test can place a viewer at an exact depth.
/// </summary>
internal static class PinnedViewer
{
    public static async Task<(WhepTarget Target, string Session)> JoinAsync(TrackerClient tracker, string stream, string peerId, string parentId, CancellationToken cancellationToken)
    {
        var joined = await tracker.JoinAsync(stream, new JoinRequestDto { PeerId = peerId, Role = TrackerPeerRole.Viewer }, cancellationToken);
        var assignment = await tracker.ConfirmAsync(stream, new ConfirmRequestDto { PeerId = peerId, Session = joined.Session, Parents = [parentId] }, cancellationToken);
        if (assignment.Parent?.PeerId != parentId || assignment.Parent.Url is null || assignment.Ticket is null)
        {
            throw new InvalidOperationException($"{peerId} was placed under {assignment.Parent?.PeerId ?? "nobody"}, not {parentId}");
        }

        return (new WhepTarget(new Uri($"{assignment.Parent.Url.TrimEnd('/')}/whep/{stream}"), assignment.Ticket, null, parentId), joined.Session);
    }

    /// <summary>Frees the slot a pinned placeholder held.</summary>
    public static async Task LeaveAsync(TrackerClient tracker, string stream, string peerId, string session, CancellationToken cancellationToken) =>
        await tracker.LeaveAsync(stream, new SessionRequestDto { PeerId = peerId, Session = session }, cancellationToken);
}
