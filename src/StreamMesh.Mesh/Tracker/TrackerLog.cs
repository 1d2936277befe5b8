using Microsoft.Extensions.Logging;

namespace StreamMesh.Mesh.Tracker;

/// <summary>Source-generated log messages of the tracker (event ids 3000–3099).</summary>
internal static partial class TrackerLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Stream {Stream} created by origin {PeerId} (site {Site})")]
    public static partial void StreamCreated(ILogger logger, string stream, string peerId, string site);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Origin {PeerId} registered for stream {Stream} (site {Site})")]
    public static partial void OriginRegistered(ILogger logger, string stream, string peerId, string site);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Peer {PeerId} attached to {ParentId} in stream {Stream} (lost race: {LostRace})")]
    public static partial void PeerAttached(ILogger logger, string stream, string peerId, string parentId, bool lostRace);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Debug, Message = "Peer {PeerId} left stream {Stream}; {Moved} children moved, {Detached} detached")]
    public static partial void PeerLeft(ILogger logger, string stream, string peerId, int moved, int detached);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Stream {Stream}: {Count} silent peers expired")]
    public static partial void PeersExpired(ILogger logger, string stream, int count);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Stream {Stream}: improvement moved {Count} peers")]
    public static partial void PeersImproved(ILogger logger, string stream, int count);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Stream {Stream} closed: no peers left")]
    public static partial void StreamClosed(ILogger logger, string stream);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Debug, Message = "Tracker request refused with {Status}: {Detail}")]
    public static partial void Refused(ILogger logger, int status, string detail);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Tracker maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Debug, Message = "Peer {PeerId} of stream {Stream} reported {Count} unreachable peers")]
    public static partial void UnreachableReported(ILogger logger, string stream, string peerId, int count);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Stream {Stream}: reported peer {PeerId} confirmed dead and removed")]
    public static partial void PeerConfirmedDead(ILogger logger, string stream, string peerId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Debug, Message = "Stream {Stream}: {PeerId} reported its parent {ParentId}, which answers its health check; the peer stays")]
    public static partial void ReportOverruled(ILogger logger, string stream, string peerId, string parentId);
}
