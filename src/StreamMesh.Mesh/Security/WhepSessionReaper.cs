using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamMesh.Mesh.Whep;

namespace StreamMesh.Mesh.Security;

/// <summary>
/// Once a second, removes WHEP sessions whose ICE/DTLS never completed within the handshake timeout (an offer
/// posted and abandoned, or a flood of offers) and sessions disconnected longer than the idle timeout, so neither
/// holds a slot, a port binding or memory. Counted in /metrics (streammesh_sessions_reaped_total).
/// </summary>
public sealed partial class WhepSessionReaper(
    WhepSessionRegistry sessions,
    IOptions<LimitsOptions> options,
    LimitCounters counters,
    TimeProvider time,
    ILogger<WhepSessionReaper>? logger = null) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;
    private readonly SessionTimeoutTracker _tracker = new(options.Value.HandshakeTimeout, options.Value.IdleTimeout);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ScanAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // host stopping
        }
    }

    /// <summary>One pass; public for tests that drive time by hand.</summary>
    public async Task ScanAsync()
    {
        var byId = new Dictionary<string, WhepSession>(StringComparer.Ordinal);
        foreach (WhepSession session in sessions.Sessions)
        {
            byId[session.Id] = session;
        }

        var snapshot = byId.Values.Select(s => (s.Id, s.Connection.State));
        foreach ((string id, SessionTimeout reason) in _tracker.Scan(time.GetUtcNow(), snapshot))
        {
            WhepSession session = byId[id];
            if (await sessions.DeleteAsync(session.Stream.Name, id).ConfigureAwait(false))
            {
                counters.CountReaped(reason);
                LogReaped(_logger, id, session.Stream.Name, reason);
            }
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "WHEP session {Id} on stream {Stream} reaped: {Reason} timeout")]
    private static partial void LogReaped(ILogger logger, string id, string stream, SessionTimeout reason);
}
