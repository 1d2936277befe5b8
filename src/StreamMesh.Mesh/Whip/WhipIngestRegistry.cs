using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Origin;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Whip;

/// <summary>
/// The WHIP publisher sessions of an origin: finds the ingest point of a <c>whip</c> stream, answers a publisher's
/// offer (we are ICE controlled and DTLS client, RFC 9725 §4.2 / RFC 8842), and removes sessions when they end.
/// </summary>
public sealed partial class WhipIngestRegistry : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WhipPublisherSession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (WhipIngestPoint Point, int MaxBitrateKbps)> _points = new(StringComparer.Ordinal);
    private readonly WebRtcEndpoint _endpoint;
    private readonly RtcPeerConnectionOptions _connectionOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private long _refused;

    public WhipIngestRegistry(WebRtcEndpoint endpoint, IOptions<NodeOptions> node, OriginService origin, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(loggers);
        _endpoint = endpoint;
        _connectionOptions = new RtcPeerConnectionOptions { StunServer = node.Value.StunServerEndPoint };
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<WhipIngestRegistry>();
        foreach (var runner in origin.Runners)
        {
            if (runner.Whip is { } point)
            {
                _points[point.Stream.Name] = (point, runner.Options.VideoBitrateKbps);
            }
        }
    }

    public int Count => _sessions.Count;

    /// <summary>Offers refused with a 4xx (malformed SDP, wrong codec, stream already published).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    public IEnumerable<WhipPublisherSession> Sessions => _sessions.Values;

    public bool TryGetPoint(string stream, [NotNullWhen(true)] out WhipIngestPoint? point)
    {
        var found = _points.TryGetValue(stream, out var entry);
        point = entry.Point;
        return found;
    }

    public async Task<WhipSessionOutcome> CreateAsync(WhipIngestPoint point, string offerSdp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(point);
        var streamName = point.Stream.Name;
        var connection = new RtcPeerConnection(_endpoint, _connectionOptions, _time, _loggers);
        var session = new WhipPublisherSession(Guid.NewGuid().ToString("N"), point, connection, _points[streamName].MaxBitrateKbps, _time, _loggers.CreateLogger<WhipPublisherSession>());
        if (!point.TryHold(session))
        {
            await session.DisposeAsync().ConfigureAwait(false);
            return Refuse(streamName, 409, $"stream '{streamName}' already has a WHIP publisher; DELETE its session first");
        }

        string answer;
        try
        {
            answer = await connection.AcceptOfferAsync(offerSdp, WhipPublisherSession.CreatePlan(point.Stream.Video), SdpSetupRole.Active, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SdpParseException or SdpNegotiationException)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            var what = ex is SdpParseException ? "malformed SDP offer" : "the offer cannot be accepted";
            return Refuse(streamName, 400, $"{what}: {ex.Message}");
        }

        session.Bind(answer, connection.Negotiated!);
        if (!session.HasVideo)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            return Refuse(streamName, 400, $"the offer sends no {point.Stream.Video.Codec} video; stream '{streamName}' needs {point.Stream.Video.Codec} video and Opus audio");
        }

        _sessions[session.Id] = session;
        _ = RemoveWhenEndedAsync(session);
        LogCreated(_logger, session.Id, streamName);
        return WhipSessionOutcome.Created(session);
    }

    public async Task<bool> DeleteAsync(string stream, string id)
    {
        if (!_sessions.TryGetValue(id, out var session) || session.Point.Stream.Name != stream || !_sessions.TryRemove(id, out _))
        {
            return false;
        }

        await session.DisposeAsync().ConfigureAwait(false);
        LogDeleted(_logger, id);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _sessions.Clear();
    }

    private WhipSessionOutcome Refuse(string stream, int status, string reason)
    {
        Interlocked.Increment(ref _refused);
        LogRefused(_logger, stream, reason);
        return WhipSessionOutcome.Refused(status, reason);
    }

    private async Task RemoveWhenEndedAsync(WhipPublisherSession session)
    {
        var reason = await session.Ended.ConfigureAwait(false);
        if (_sessions.TryRemove(session.Id, out _))
        {
            LogEnded(_logger, session.Id, reason);
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "WHIP publisher session {Id} created for stream {Stream}")]
    private static partial void LogCreated(ILogger logger, string id, string stream);

    [LoggerMessage(EventId = 151, Level = LogLevel.Information, Message = "WHIP publisher session {Id} deleted")]
    private static partial void LogDeleted(ILogger logger, string id);

    [LoggerMessage(EventId = 152, Level = LogLevel.Warning, Message = "WHIP offer for stream {Stream} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string stream, string reason);

    [LoggerMessage(EventId = 153, Level = LogLevel.Warning, Message = "WHIP publisher session {Id} ended: {Reason}")]
    private static partial void LogEnded(ILogger logger, string id, string reason);
}
