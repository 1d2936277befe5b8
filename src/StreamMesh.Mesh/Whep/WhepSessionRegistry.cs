using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Hosting;
using StreamMesh.Mesh.Streams;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Whep;

/// <summary>
/// The WHEP sessions of a node: creates them from offers, removes them when they end (DELETE,
/// ICE consent lost, DTLS failure), and sends every connected session its sender reports.
/// </summary>
public sealed partial class WhepSessionRegistry : IAsyncDisposable
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, WhepSession> _sessions = new(StringComparer.Ordinal);
    private readonly WebRtcEndpoint _endpoint;
    private readonly RtcPeerConnectionOptions _connectionOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ITimer _reportTimer;
    private long _created;
    private long _refused;
    private long _failed;

    public WhepSessionRegistry(WebRtcEndpoint endpoint, IOptions<NodeOptions> node, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(node);
        _endpoint = endpoint;
        _connectionOptions = new RtcPeerConnectionOptions { StunServer = node.Value.StunServerEndPoint };
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<WhepSessionRegistry>();
        _reportTimer = time.CreateTimer(static s => ((WhepSessionRegistry)s!).SendReports(), this, ReportInterval, ReportInterval);
    }

    public int Count => _sessions.Count;

    public long Created => Interlocked.Read(ref _created);

    /// <summary>Offers refused with a 4xx (malformed or unacceptable SDP).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Sessions that ended without a DELETE: ICE or DTLS failure (e.g. a fingerprint mismatch), lost consent.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public IEnumerable<WhepSession> Sessions => _sessions.Values;

    public async Task<WhepSessionOutcome> CreateAsync(LiveStream stream, string offerSdp, CancellationToken cancellationToken)
    {
        var connection = new RtcPeerConnection(_endpoint, _connectionOptions, _time, _loggers);
        var session = new WhepSession(Guid.NewGuid().ToString("N"), stream, connection);
        string answer;
        try
        {
            answer = await connection.AcceptOfferAsync(offerSdp, session.CreatePlan(), SdpSetupRole.Active, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SdpParseException or SdpNegotiationException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            Interlocked.Increment(ref _refused);
            LogRefused(_logger, stream.Name, ex.Message);
            var what = ex is SdpParseException ? "malformed SDP offer" : "the offer cannot be accepted";
            return WhepSessionOutcome.Refused(400, $"{what}: {ex.Message}");
        }

        session.Bind(answer, connection.Negotiated!);
        _sessions[session.Id] = session;
        connection.StateChanged += (_, state) => OnStateChanged(session, state);
        Interlocked.Increment(ref _created);
        LogCreated(_logger, session.Id, stream.Name);
        return WhepSessionOutcome.Created(session);
    }

    public async Task<bool> DeleteAsync(string stream, string id)
    {
        if (!_sessions.TryGetValue(id, out var session) || session.Stream.Name != stream || !_sessions.TryRemove(id, out _))
        {
            return false;
        }

        await session.DisposeAsync().ConfigureAwait(false);
        LogDeleted(_logger, id);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _reportTimer.DisposeAsync().ConfigureAwait(false);
        foreach (var session in _sessions.Values)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        _sessions.Clear();
    }

    private void OnStateChanged(WhepSession session, PeerConnectionState state)
    {
        switch (state)
        {
            case PeerConnectionState.Connected:
                session.Attach();
                break;
            case PeerConnectionState.Failed:
                Interlocked.Increment(ref _failed);
                LogFailed(_logger, session.Id, session.Connection.FailureReason ?? "unknown");
                _ = RemoveAsync(session);
                break;
        }
    }

    private async Task RemoveAsync(WhepSession session)
    {
        if (_sessions.TryRemove(session.Id, out _))
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void SendReports()
    {
        var now = _time.GetUtcNow();
        foreach (var session in _sessions.Values)
        {
            if (session.Connection.State == PeerConnectionState.Connected)
            {
                session.SendReports(now);
            }
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "WHEP session {Id} created for stream {Stream}")]
    private static partial void LogCreated(ILogger logger, string id, string stream);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "WHEP session {Id} deleted")]
    private static partial void LogDeleted(ILogger logger, string id);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "WHEP offer for stream {Stream} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string stream, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Warning, Message = "WHEP session {Id} ended: {Reason}")]
    private static partial void LogFailed(ILogger logger, string id, string reason);
}
