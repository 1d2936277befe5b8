using System.Diagnostics;
using Microsoft.Extensions.Logging;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Whep;
using StreamMesh.Rtc.Peer;

namespace StreamMesh.Mesh.Tree;

/// <summary>
/// Keeps one stream flowing into a relay: join at the tracker, probe the candidates it ranks (HTTP
/// round trip to each), confirm the nearest, attach to it over WHEP with the ticket, heartbeat, and
/// when the parent fails, says goodbye or the tracker moves us, attach to the next parent before
/// letting the old one go. Children keep their sessions throughout. On shutdown it leaves gracefully:
/// tracker first (children are re-homed there), then an RTCP BYE to each child so they move at once.
/// </summary>
public sealed partial class RelayStreamRunner(
    string stream,
    TreeMembership tree,
    WebRtcEndpoint endpoint,
    StreamRegistry registry,
    WhepSessionRegistry sessions,
    TimeProvider time,
    ILoggerFactory loggers)
{
    /// <summary>How long a relay gives ICE and DTLS to a parent (or a standby) before it tries the next one.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    // While detached the relay asks again this often: the slot it waits for is freed by the tracker within one check.
    private static readonly TimeSpan DetachedPoll = TimeSpan.FromMilliseconds(150);

    private readonly ILogger _logger = loggers.CreateLogger<RelayStreamRunner>();
    private readonly HttpClient _http = Hosting.SiteTaggedHttpClient.Create(tree.Options.Site, TimeSpan.FromSeconds(5));
    private readonly RelayedStream _target = new(stream, registry, time);
    private readonly NodeUsageSampler _usage = new(endpoint.Mux, time);
    private UpstreamLink? _link;
    private string? _parentId;
    private string? _parentUrl;
    private string? _session;
    private long _vouchedUntil;

    public string Stream { get; } = stream;

    public string? ParentId => _parentId;

    // ICE consent takes seconds to notice a dead peer; media silence tells within a fraction of one.
    private TimeSpan SilenceLimit => tree.Options.SilenceTimeout;

    // A parent that answers its health check is trusted this long before it is asked again.
    private static readonly TimeSpan VouchFor = TimeSpan.FromMilliseconds(250);

    // Long enough to ride out a stall of the whole tree (an origin whose source hiccups): moving would not help then.
    private TimeSpan EscalateAfter => TimeSpan.FromMilliseconds(Math.Max(5_000, tree.Options.SilenceTimeoutMs * 10));

    private TimeSpan SilenceCheck => TimeSpan.FromMilliseconds(Math.Clamp(tree.Options.SilenceTimeoutMs / 6, 20, 100));

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
                    _session = session;
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
            if (cancellationToken.IsCancellationRequested)
            {
                await LeaveGracefullyAsync(client).ConfigureAwait(false);
            }

            await CloseStandbyAsync().ConfigureAwait(false);
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
            if (candidate.Url is { } url && await ProbeAsync(url, 3, cancellationToken).ConfigureAwait(false) is { } rtt)
            {
                probes.Add(new RttSampleDto { PeerId = candidate.PeerId, RttMs = rtt });
            }
        }

        var candidates = joined.Candidates;
        if (joined.LandmarkRound && probes.Count > 0)
        {
            // The first round only names landmarks to place us; the second, with their RTTs, ranks real parents (same
            // site first). Confirming among the landmarks attached relays across sites with a same-site parent free.
            var ranked = await client.JoinAsync(Stream, new JoinRequestDto
            {
                PeerId = tree.PeerId,
                Role = TrackerPeerRole.Relay,
                Capacity = tree.Options.MaxChildren,
                Url = tree.PublicUrl,
                Site = tree.Options.Site,
                Session = joined.Session,
                Probes = probes,
            }, cancellationToken).ConfigureAwait(false);
            candidates = ranked.Candidates;
            foreach (var candidate in candidates)
            {
                if (probes.All(p => p.PeerId != candidate.PeerId) && candidate.Url is { } url
                    && await ProbeAsync(url, 3, cancellationToken).ConfigureAwait(false) is { } rtt)
                {
                    probes.Add(new RttSampleDto { PeerId = candidate.PeerId, RttMs = rtt });
                }
            }
        }

        // Same-site candidates first (the site rule outranks latency), then by measured RTT; the tracker falls back to
        // its own ranking if they are all taken.
        var ordered = probes
            .Select(p => (Probe: p, Candidate: candidates.FirstOrDefault(c => c.PeerId == p.PeerId)))
            .Where(x => x.Candidate is not null)
            .OrderByDescending(x => string.Equals(x.Candidate!.Site, joined.Site, StringComparison.OrdinalIgnoreCase))
            .ThenBy(x => x.Probe.RttMs)
            .Select(x => x.Probe.PeerId)
            .ToArray();
        var assignment = await client.ConfirmAsync(Stream, new ConfirmRequestDto
        {
            PeerId = tree.PeerId,
            Session = joined.Session,
            Parents = ordered.Length > 0 ? ordered : candidates.Select(c => c.PeerId).ToArray(),
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
                if (current.Parent is null)
                {
                    // Detached: the tracker frees a dead parent's slot within one liveness check, so ask again soon.
                    await Task.Delay(DetachedPoll, time, cancellationToken).ConfigureAwait(false);
                    latest.Offer(await client.ReportUnreachableAsync(Stream, Unreachable(session, [], null, insist: true), cancellationToken).ConfigureAwait(false));
                    continue;
                }

                var parent = current.Parent;
                if (parent.PeerId != _parentId || _link?.Connection.State is not PeerConnectionState.Connected)
                {
                    if (!await SwitchToAsync(parent, latest.TicketFor(parent.PeerId), cancellationToken).ConfigureAwait(false))
                    {
                        latest.Offer(await client.ReportUnreachableAsync(Stream, Unreachable(session, [parent.PeerId], null, insist: true), cancellationToken).ConfigureAwait(false));
                        continue;
                    }
                }

                if (tree.Options.WarmStandby)
                {
                    KeepStandby(current, latest, cancellationToken);
                }

                await WaitForChangeOrFailureAsync(latest, current, cancellationToken).ConfigureAwait(false);
                if (_link is { } link && IsLost(link) && _parentId is { } lost && !await ParentVouchesAsync(link, cancellationToken).ConfigureAwait(false))
                {
                    // Sure only when the parent said goodbye, the connection failed or the silence outlasted our patience;
                    // otherwise the tracker checks the parent itself and may tell us to stay.
                    var insist = link.GoodbyeReceived || link.Connection.State is not PeerConnectionState.Connected || link.Silence > EscalateAfter;
                    string[]? reachable = ReachableStandby();
                    var answer = await client.ReportUnreachableAsync(Stream, Unreachable(session, [lost], reachable, insist), cancellationToken).ConfigureAwait(false);
                    latest.Offer(answer);
                    if (!insist && answer.Parent?.PeerId == lost && !answer.ParentChanged)
                    {
                        // The tracker found the parent alive: it is healing above us. Keep the link and wait.
                        _vouchedUntil = time.GetTimestamp() + (long)(VouchFor.TotalSeconds * time.TimestampFrequency);
                        continue;
                    }

                    LogParentLost(_logger, Stream, lost, link.GoodbyeReceived ? "said goodbye" : "fell silent");
                    _parentId = null;
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

    private UnreachableRequestDto Unreachable(string session, string[] parents, string[]? reachable, bool insist) => new()
    {
        PeerId = tree.PeerId,
        Session = session,
        Unreachable = parents,
        Reachable = reachable,
        Insist = insist,
    };

    private bool IsLost(UpstreamLink link) =>
        link.GoodbyeReceived || (link.Silence > SilenceLimit && time.GetTimestamp() > _vouchedUntil)
        || link.Connection.State is PeerConnectionState.Failed or PeerConnectionState.Closed or PeerConnectionState.Disconnected;

    /// <summary>
    /// Silence alone does not tell a dead parent from a parent whose own upstream is healing: every descendant of a
    /// failed relay falls silent at once, and only its children should act. So before reporting a silent parent, ask
    /// it directly: if its process answers /healthz, wait (it is healing above us) — up to <see cref="EscalateAfter"/>,
    /// after which a parent that is alive but sends nothing is reported anyway. A BYE or a failed connection is never
    /// second-guessed.
    /// </summary>
    private async Task<bool> ParentVouchesAsync(UpstreamLink link, CancellationToken cancellationToken)
    {
        if (link.GoodbyeReceived || link.Connection.State is not PeerConnectionState.Connected || link.Silence > EscalateAfter || _parentUrl is not { } url)
        {
            return false;
        }

        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        probe.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(400, tree.Options.SilenceTimeoutMs)));
        bool alive;
        try
        {
            using var response = await _http.GetAsync(new Uri($"{url.TrimEnd('/')}/healthz"), probe.Token).ConfigureAwait(false);
            alive = response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            alive = false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No answer in time: a parent that cannot answer a health check is not vouching for anything. The tracker
            // weighs the report against its own evidence, so a slow but healthy parent is not evicted by it.
            alive = false;
        }

        if (alive)
        {
            _vouchedUntil = time.GetTimestamp() + (long)(VouchFor.TotalSeconds * time.TimestampFrequency);
        }

        return alive;
    }

    /// <summary>Returns when the tracker gave a different assignment, or the parent link fails, falls silent or says goodbye.</summary>
    private async Task WaitForChangeOrFailureAsync(AssignmentBox latest, ParentAssignmentDto seen, CancellationToken cancellationToken)
    {
        var link = _link;
        using var ticks = new PeriodicTimer(SilenceCheck, time);
        while (await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = latest.Value;
            var parentMoved = now.Parent?.PeerId != seen.Parent?.PeerId || (now.ParentChanged && !ReferenceEquals(now, seen));
            var standbyStale = tree.Options.WarmStandby && StandbyStale(now, latest);
            if (parentMoved || standbyStale || (link is not null && IsLost(link)) || (link is null && now.Parent is not null))
            {
                return;
            }
        }
    }

    /// <summary>Make before break: the new parent must be delivering before the old link stops feeding the children.</summary>
    private async Task<bool> SwitchToAsync(CandidateDto parent, string? ticket, CancellationToken cancellationToken)
    {
        if (parent.Url is null)
        {
            return false;
        }

        var previous = _link;
        UpstreamLink next;
        if (TakeStandbyFor(parent.PeerId) is { } standby)
        {
            // Warm standby: already connected and receiving; switching replays its GOP on its next packet, no handshake.
            next = standby;
            next.RequestActivation(previous);
            LogStandbyPromoted(_logger, Stream, parent.PeerId);
        }
        else
        {
            next = new UpstreamLink(_target, endpoint, time, loggers);
            next.RequestActivation(previous);
            try
            {
                await next.ConnectAsync(_http, WhepUrl(parent.Url), ticket, ConnectTimeout, cancellationToken).ConfigureAwait(false);
                tree.Upstream.ParentConnected();
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException or Rtc.Sdp.SdpParseException or Rtc.Sdp.Negotiation.SdpNegotiationException)
            {
                LogAttachFailed(_logger, Stream, parent.PeerId, ex.Message);
                await next.DisposeAsync().ConfigureAwait(false);
                return false;
            }
        }

        _link = next;
        _parentId = parent.PeerId;
        _parentUrl = parent.Url;
        LogAttached(_logger, Stream, parent.PeerId, parent.Site);
        if (previous is not null)
        {
            // Break only after make: the old parent feeds the children until the new one's first packet took over.
            await WaitUntilActiveAsync(next, cancellationToken).ConfigureAwait(false);
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        return true;
    }

    private async Task WaitUntilActiveAsync(UpstreamLink link, CancellationToken cancellationToken)
    {
        using var ticks = new PeriodicTimer(TimeSpan.FromMilliseconds(10), time);
        for (var i = 0; i < 100 && !link.IsActive && await ticks.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false); i++)
        {
        }
    }

    private Uri WhepUrl(string parentUrl) => new($"{parentUrl.TrimEnd('/')}/whep/{Uri.EscapeDataString(Stream)}");

    /// <summary>HTTP round trip to a node's /healthz, best of <paramref name="attempts"/> (the first pays for the TCP handshake).</summary>
    private async Task<double?> ProbeAsync(string url, int attempts, CancellationToken cancellationToken)
    {
        double? best = null;
        for (var i = 0; i < attempts; i++)
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

    [LoggerMessage(EventId = 431, Level = LogLevel.Warning, Message = "Stream {Stream}: parent {Parent} {How}; asking the tracker for the next")]
    private static partial void LogParentLost(ILogger logger, string stream, string parent, string how);

    [LoggerMessage(EventId = 432, Level = LogLevel.Warning, Message = "Stream {Stream}: could not attach to {Parent}: {Reason}")]
    private static partial void LogAttachFailed(ILogger logger, string stream, string parent, string reason);

    [LoggerMessage(EventId = 433, Level = LogLevel.Warning, Message = "Stream {Stream}: {Problem}; retrying")]
    private static partial void LogProblem(ILogger logger, string stream, string problem);

    [LoggerMessage(EventId = 434, Level = LogLevel.Information, Message = "Stream {Stream}: warm standby connected to backup {Parent}")]
    private static partial void LogStandbyConnected(ILogger logger, string stream, string parent);

    [LoggerMessage(EventId = 435, Level = LogLevel.Information, Message = "Stream {Stream}: promoted warm standby {Parent} without a new handshake")]
    private static partial void LogStandbyPromoted(ILogger logger, string stream, string parent);
}
