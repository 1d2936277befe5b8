using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// Keeps one stream flowing into a relay: join at the tracker, probe the candidates it ranks (HTTP
/// round trip to each), confirm the nearest, attach to it over WHEP with the ticket, heartbeat, and
/// when the parent fails or the tracker moves us, attach to the next parent before letting the old
/// one go. Children keep their sessions throughout.
/// </summary>
public sealed partial class RelayStreamRunner(
    string stream,
    TreeMembership tree,
    WebRtcEndpoint endpoint,
    StreamRegistry registry,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // ICE consent takes seconds to notice a dead peer; media silence tells within a fraction of one.
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SilenceCheck = TimeSpan.FromMilliseconds(100);

    private readonly ILogger _logger = loggers.CreateLogger<RelayStreamRunner>();
    private readonly HttpClient _http = Hosting.SiteTaggedHttpClient.Create(tree.Options.Site, TimeSpan.FromSeconds(5));
    private readonly RelayedStream _target = new(stream, registry, time);
    private UpstreamLink? _link;
    private string? _parentId;

    public string Stream { get; } = stream;

    public string? ParentId => _parentId;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var client = tree.Client ?? throw new InvalidOperationException("a relay needs Tree:Tracker");
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    var (session, assignment) = await JoinAsync(client, cancellationToken).ConfigureAwait(false);
                    await FollowAssignmentsAsync(client, session, assignment, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is TrackerRequestException or InvalidOperationException or HttpRequestException or TimeoutException)
                {
                    LogProblem(_logger, Stream, ex.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (_link is not null)
            {
                await _link.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<(string Session, ParentAssignmentDto Assignment)> JoinAsync(TrackerClient client, CancellationToken cancellationToken)
    {
        var joined = await client.JoinAsync(Stream, new JoinRequestDto
        {
            PeerId = tree.PeerId,
            Role = TrackerPeerRole.Relay,
            Capacity = tree.Options.MaxChildren,
            Url = tree.PublicUrl,
            Site = tree.Options.Site,
        }, cancellationToken).ConfigureAwait(false);

        var probes = new List<RttSampleDto>();
        foreach (var candidate in joined.Candidates)
        {
            if (candidate.Url is { } url && await ProbeAsync(url, cancellationToken).ConfigureAwait(false) is { } rtt)
            {
                probes.Add(new RttSampleDto { PeerId = candidate.PeerId, RttMs = rtt });
            }
        }

        var ordered = probes.OrderBy(p => p.RttMs).Select(p => p.PeerId).ToArray();
        var assignment = await client.ConfirmAsync(Stream, new ConfirmRequestDto
        {
            PeerId = tree.PeerId,
            Session = joined.Session,
            Parents = ordered.Length > 0 ? ordered : joined.Candidates.Select(c => c.PeerId).ToArray(),
            Probes = probes,
        }, cancellationToken).ConfigureAwait(false);
        return (joined.Session, assignment);
    }

    private async Task FollowAssignmentsAsync(TrackerClient client, string session, ParentAssignmentDto assignment, CancellationToken cancellationToken)
    {
        // Heartbeats run on their own so a slow attach never makes the tracker think this relay died.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var latest = new AssignmentBox(assignment);
        var heartbeats = HeartbeatAsync(client, session, latest, stop.Token);
        try
        {
            while (!cancellationToken.IsCancellationRequested && !heartbeats.IsCompleted)
            {
                var current = latest.Value;
                if (current.Parent is { } parent && (parent.PeerId != _parentId || _link?.Connection.State is not PeerConnectionState.Connected))
                {
                    if (!await SwitchToAsync(parent, current.Ticket, cancellationToken).ConfigureAwait(false))
                    {
                        latest.Offer(await client.ReportUnreachableAsync(Stream, Unreachable(session, parent.PeerId), cancellationToken).ConfigureAwait(false));
                        continue;
                    }
                }

                await WaitForChangeOrFailureAsync(latest, current, cancellationToken).ConfigureAwait(false);
                if (_link is { } link && IsLost(link) && _parentId is { } lost)
                {
                    LogParentLost(_logger, Stream, lost);
                    _parentId = null;
                    latest.Offer(await client.ReportUnreachableAsync(Stream, Unreachable(session, lost), cancellationToken).ConfigureAwait(false));
                }
            }

            await heartbeats.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await heartbeats.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or TrackerRequestException)
            {
                // the outer loop rejoins when the tracker forgot this relay
            }
        }
    }

    private UnreachableRequestDto Unreachable(string session, string parent) => new()
    {
        PeerId = tree.PeerId,
        Session = session,
        Unreachable = [parent],
    };

    private static bool IsLost(UpstreamLink link) =>
        link.Silence > SilenceLimit || link.Connection.State is PeerConnectionState.Failed or PeerConnectionState.Closed or PeerConnectionState.Disconnected;

    private async Task HeartbeatAsync(TrackerClient client, string session, AssignmentBox latest, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var interval = TimeSpan.FromMilliseconds(Math.Clamp(latest.Value.HeartbeatIntervalMs, 100, 30_000));
            await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            latest.Offer(await client.HeartbeatAsync(Stream, new HeartbeatRequestDto { PeerId = tree.PeerId, Session = session }, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Returns when the tracker gave a different assignment, or the parent link fails or falls silent.</summary>
    private async Task WaitForChangeOrFailureAsync(AssignmentBox latest, ParentAssignmentDto seen, CancellationToken cancellationToken)
    {
        var link = _link;
        using var ticks = new PeriodicTimer(SilenceCheck, time);
        while (await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = latest.Value;
            var parentMoved = now.Parent?.PeerId != seen.Parent?.PeerId || (now.ParentChanged && !ReferenceEquals(now, seen));
            if (parentMoved || (link is not null && IsLost(link)) || (link is null && now.Parent is not null))
            {
                return;
            }
        }
    }

    /// <summary>The newest assignment from any tracker answer (heartbeat, unreachable report), shared between the loops.</summary>
    private sealed class AssignmentBox(ParentAssignmentDto initial)
    {
        private ParentAssignmentDto _value = initial;

        public ParentAssignmentDto Value => Volatile.Read(ref _value);

        public void Offer(ParentAssignmentDto next) => Volatile.Write(ref _value, next);
    }

    /// <summary>Make before break: the new parent must be delivering before the old link is closed.</summary>
    private async Task<bool> SwitchToAsync(CandidateDto parent, string? ticket, CancellationToken cancellationToken)
    {
        if (parent.Url is null)
        {
            return false;
        }

        var next = new UpstreamLink(_target, endpoint, time, loggers);
        try
        {
            await next.ConnectAsync(_http, new Uri($"{parent.Url.TrimEnd('/')}/whep/{Uri.EscapeDataString(Stream)}"), ticket, ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException or Rtc.Sdp.SdpParseException or Rtc.Sdp.Negotiation.SdpNegotiationException)
        {
            LogAttachFailed(_logger, Stream, parent.PeerId, ex.Message);
            await next.DisposeAsync().ConfigureAwait(false);
            return false;
        }

        var previous = _link;
        _link = next;
        _parentId = parent.PeerId;
        LogAttached(_logger, Stream, parent.PeerId, parent.Site);
        if (previous is not null)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>HTTP round trip to a candidate's /healthz, best of three (the first pays for the TCP handshake).</summary>
    private async Task<double?> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        double? best = null;
        for (var i = 0; i < 3; i++)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.GetAsync(new Uri($"{url.TrimEnd('/')}/healthz"), cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    return null;
                }
            }
            catch (HttpRequestException)
            {
                return null;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            var rtt = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            best = best is null ? rtt : Math.Min(best.Value, rtt);
        }

        return best;
    }

    [LoggerMessage(EventId = 430, Level = LogLevel.Information, Message = "Stream {Stream}: attached to parent {Parent} (site {Site})")]
    private static partial void LogAttached(ILogger logger, string stream, string parent, string site);

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "Stream {Stream}: parent {Parent} lost; asking the tracker for the next")]
    private static partial void LogParentLost(ILogger logger, string stream, string parent);

    [LoggerMessage(EventId = 432, Level = LogLevel.Warning, Message = "Stream {Stream}: could not attach to {Parent}: {Reason}")]
    private static partial void LogAttachFailed(ILogger logger, string stream, string parent, string reason);

    [LoggerMessage(EventId = 433, Level = LogLevel.Warning, Message = "Stream {Stream}: {Problem}; retrying")]
    private static partial void LogProblem(ILogger logger, string stream, string problem);
}
