using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Finds a headless viewer's parent through the tracker, as the browser player does
/// (docs/tracker-api.md): join as a viewer, probe the candidates (HTTP round trip to /healthz),
/// confirm them nearest first, and attach with the ticket. Heartbeats carry the viewer's
/// quality of experience; a lost parent is reported unreachable and the tracker names the next.
/// </summary>
/// <remarks>
/// The viewer's loop calls <see cref="ResolveAsync"/>, <see cref="ReplaceAsync"/> and
/// <see cref="TakeMove"/> one at a time; the heartbeat loop runs on its own and hands moves over
/// through a volatile field.
/// </remarks>
public sealed partial class TrackerParentResolver : IReattachingParentResolver
{
    private static readonly TimeSpan DetachedWait = TimeSpan.FromSeconds(10);

    private readonly TrackerClient _client;
    private readonly HttpRttProbe _probe;
    private readonly string _stream;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _statsLock = new();
    private CancellationTokenSource? _heartbeats;
    private Task? _heartbeatLoop;
    private string? _session;
    private ParentAssignmentDto? _assignment;
    private ViewerParent? _pendingMove;
    private ViewerProgress? _lastProgress;
    private readonly List<int> _latencies = [];
    private int _intervals;
    private int _stalledIntervals;
    private long _lastFrames = -1;

    public TrackerParentResolver(Uri tracker, string stream, HttpClient http, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentException.ThrowIfNullOrWhiteSpace(stream);
        ArgumentNullException.ThrowIfNull(http);
        _client = new TrackerClient(http, new Uri(tracker.ToString().TrimEnd('/') + "/"));
        _stream = stream;
        _time = timeProvider ?? TimeProvider.System;
        _probe = new HttpRttProbe(http, _time);
        _logger = logger ?? NullLogger.Instance;
        PeerId = $"view-{Guid.NewGuid().ToString("N")[..8]}";
    }

    /// <summary>This viewer's id in the tree.</summary>
    public string PeerId { get; init; }

    /// <summary>Explicit site; otherwise the tracker derives it from the address.</summary>
    public string? Site { get; init; }

    /// <summary>Viewer token for a private stream (docs/security.md), sent with the join.</summary>
    public string? Token { get; init; }

    /// <summary>A parent to confirm before all others (a relay-capable viewer's own relay).</summary>
    public string? PreferredParent { get; init; }

    /// <summary>RTTs measured to the candidates of the last join, by peer id.</summary>
    public IReadOnlyDictionary<string, double?> Probes { get; private set; } = new Dictionary<string, double?>();

    /// <exception cref="ViewerException">Unknown stream, unreachable tracker, or a full tree.</exception>
    public async Task<ViewerParent> ResolveAsync(CancellationToken cancellationToken)
    {
        var request = new JoinRequestDto { PeerId = PeerId, Role = TrackerPeerRole.Viewer, Site = Site, Token = Token };
        var joined = await CallAsync(() => _client.JoinAsync(_stream, request, cancellationToken), cancellationToken).ConfigureAwait(false);
        _session = joined.Session;
        var rtts = new Dictionary<string, double?>(StringComparer.Ordinal);
        await ProbeAsync(joined.Candidates, rtts, cancellationToken).ConfigureAwait(false);
        if (joined.LandmarkRound)
        {
            joined = await CallAsync(() => _client.JoinAsync(_stream, request with { Session = _session, Probes = Samples(rtts) }, cancellationToken), cancellationToken).ConfigureAwait(false);
            await ProbeAsync(joined.Candidates, rtts, cancellationToken).ConfigureAwait(false);
        }

        Probes = rtts;
        // The preferred parent before all; then, like the tracker's ranking, same-site parents first;
        // within each, nearest measured first and the tracker's order for the unmeasured.
        var site = joined.Site;
        var parents = joined.Candidates
            .OrderBy(c => c.PeerId == PreferredParent ? 0 : string.Equals(c.Site, site, StringComparison.OrdinalIgnoreCase) ? 1 : 2)
            .ThenBy(c => rtts.TryGetValue(c.PeerId, out var rtt) ? rtt ?? 1e9 : 1e6)
            .Select(c => c.PeerId)
            .ToArray();
        if (parents.Length == 0)
        {
            throw new ViewerException(ViewerFailure.Refused, $"the tree of stream '{_stream}' is full: no relay or origin has a free slot for another viewer");
        }

        var assignment = await CallAsync(() => _client.ConfirmAsync(_stream, new ConfirmRequestDto { PeerId = PeerId, Session = _session, Parents = parents, Probes = Samples(rtts) }, cancellationToken), cancellationToken).ConfigureAwait(false);
        _assignment = assignment;
        return ToParent(assignment) ?? throw new ViewerException(ViewerFailure.Refused, $"the tracker placed this viewer but named no parent for stream '{_stream}'");
    }

    public Task ConfirmAsync(ViewerParent parent, CancellationToken cancellationToken)
    {
        if (_heartbeatLoop is null && _session is not null)
        {
            _heartbeats = new CancellationTokenSource();
            _heartbeatLoop = HeartbeatAsync(_session, _heartbeats.Token);
        }

        return Task.CompletedTask;
    }

    public async Task<ViewerParent?> ReplaceAsync(ViewerParent lost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lost);
        if (_session is null || lost.PeerId is null)
        {
            return null;
        }

        LogParentLost(_logger, _stream, lost.PeerId);
        Volatile.Write(ref _pendingMove, null);
        var deadline = _time.GetTimestamp();
        var request = new UnreachableRequestDto { PeerId = PeerId, Session = _session, Unreachable = [lost.PeerId] };
        while (true)
        {
            ParentAssignmentDto answer;
            try
            {
                answer = await _client.ReportUnreachableAsync(_stream, request, cancellationToken).ConfigureAwait(false);
            }
            catch (TrackerRequestException ex)
            {
                LogTrackerProblem(_logger, ex.Message);
                return null;
            }

            _assignment = answer;
            if (ToParent(answer) is { } next && next.PeerId != lost.PeerId)
            {
                return next;
            }

            // Detached: every parent is full or gone for now; the tracker reattaches when room appears.
            if (_time.GetElapsedTime(deadline) > DetachedWait)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken).ConfigureAwait(false);

            // The first report lets the tracker check the parent (alive: stay, it is healing above); still no
            // media a second later, the viewer is sure and must be moved (docs/relay-tree.md, the healing rule).
            request = request with { Insist = true };
        }
    }

    public ViewerParent? TakeMove() => Interlocked.Exchange(ref _pendingMove, null);

    public void Report(ViewerProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_statsLock)
        {
            _lastProgress = progress;
            _intervals++;
            if (progress.Frames == _lastFrames)
            {
                _stalledIntervals++;
            }

            _lastFrames = progress.Frames;
            if (progress.LatencyMilliseconds is { } latency)
            {
                _latencies.Add(latency);
            }
        }
    }

    public async Task ReleaseAsync(ViewerParent parent, CancellationToken cancellationToken)
    {
        if (_heartbeats is { } heartbeats)
        {
            await heartbeats.CancelAsync().ConfigureAwait(false);
            try
            {
                await _heartbeatLoop!.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // stopped on purpose
            }

            heartbeats.Dispose();
            _heartbeats = null;
            _heartbeatLoop = null;
        }

        if (_session is { } session)
        {
            try
            {
                await _client.LeaveAsync(_stream, new SessionRequestDto { PeerId = PeerId, Session = session }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TrackerRequestException or OperationCanceledException)
            {
                // best effort: the tracker expires silent peers by itself
            }

            _session = null;
        }
    }

    private ViewerParent? ToParent(ParentAssignmentDto assignment)
    {
        if (assignment.Parent is not { Url: { } url } parent)
        {
            return null;
        }

        var rtt = Probes.TryGetValue(parent.PeerId, out var measured) && measured is { } m ? string.Create(CultureInfo.InvariantCulture, $", {m:0.0} ms") : string.Empty;
        return new ViewerParent(new Uri($"{url.TrimEnd('/')}/whep/{Uri.EscapeDataString(_stream)}"), $"{parent.PeerId} (site {parent.Site}, hop {assignment.Depth}{rtt})")
        {
            PeerId = parent.PeerId,
            Ticket = assignment.Ticket,
        };
    }

    private async Task HeartbeatAsync(string session, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var interval = TimeSpan.FromMilliseconds(Math.Clamp(_assignment?.HeartbeatIntervalMs ?? 5000, 250, 30_000));
            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            try
            {
                var answer = await _client.HeartbeatAsync(_stream, new HeartbeatRequestDto { PeerId = PeerId, Session = session, Samples = [], Stats = TakeStats() }, cancellationToken).ConfigureAwait(false);
                var current = _assignment?.Parent?.PeerId;
                _assignment = answer;
                if (answer.ParentChanged && answer.Ticket is not null && answer.Parent?.PeerId != current && ToParent(answer) is { } move)
                {
                    Volatile.Write(ref _pendingMove, move);
                }
            }
            catch (Exception ex) when (ex is TrackerRequestException or System.Text.Json.JsonException)
            {
                // A missed heartbeat is retried at the next interval; the viewer keeps watching meanwhile.
                LogTrackerProblem(_logger, ex.Message);
            }
        }
    }

    /// <summary>The QoE of the last heartbeat interval (PeerStatsDto); a stalled second is one without a new frame.</summary>
    private PeerStatsDto? TakeStats()
    {
        lock (_statsLock)
        {
            if (_lastProgress is not { } p)
            {
                return null;
            }

            _latencies.Sort();
            var stats = new PeerStatsDto
            {
                ReceiveKbps = Math.Round(p.BitrateKbps, 1),
                LossFraction = Math.Round(p.LossPercent / 100, 4),
                GlassToGlassMs = _latencies.Count > 0 ? _latencies[_latencies.Count / 2] : null,
                RebufferingRatio = _intervals > 0 ? Math.Round((double)_stalledIntervals / _intervals, 3) : null,
                FramesDecoded = p.Frames,
            };
            _latencies.Clear();
            _intervals = 0;
            _stalledIntervals = 0;
            return stats;
        }
    }

    private async Task ProbeAsync(IReadOnlyList<CandidateDto> candidates, Dictionary<string, double?> rtts, CancellationToken cancellationToken)
    {
        var pending = candidates.Where(c => c.Url is not null && !rtts.ContainsKey(c.PeerId)).ToArray();
        var results = await Task.WhenAll(pending.Select(c => _probe.MeasureAsync(c.Url!, cancellationToken))).ConfigureAwait(false);
        for (var i = 0; i < pending.Length; i++)
        {
            rtts[pending[i].PeerId] = results[i];
        }
    }

    private static RttSampleDto[] Samples(Dictionary<string, double?> rtts) =>
        rtts.Where(r => r.Value is not null).Select(r => new RttSampleDto { PeerId = r.Key, RttMs = r.Value!.Value }).ToArray();

    /// <summary>Turns the tracker's refusals into messages for the person at the terminal.</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (TrackerRequestException ex) when (ex.Status is null)
        {
            throw new ViewerException(ViewerFailure.Unreachable, ex.Message, ex);
        }
        catch (TrackerRequestException ex) when (ex.Status == HttpStatusCode.NotFound && ex.Message.Contains("Unknown stream", StringComparison.Ordinal))
        {
            throw new ViewerException(ViewerFailure.StreamNotFound, await DescribeMissingStreamAsync(cancellationToken).ConfigureAwait(false), ex);
        }
        catch (TrackerRequestException ex) when (ex.Status == HttpStatusCode.Conflict)
        {
            throw new ViewerException(ViewerFailure.Refused, $"the tree of stream '{_stream}' is full: no relay or origin has room for another viewer ({ex.Message})", ex);
        }
        catch (TrackerRequestException ex)
        {
            throw new ViewerException(ViewerFailure.Refused, ex.Message, ex);
        }
    }

    private async Task<string> DescribeMissingStreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            var live = await _client.ListStreamsAsync(cancellationToken).ConfigureAwait(false);
            return live.Count == 0
                ? $"the tracker at {_client.BaseAddress} has no stream '{_stream}' (no stream is live right now)"
                : $"the tracker at {_client.BaseAddress} has no stream '{_stream}'; live streams: {string.Join(", ", live.Select(s => s.Stream))}";
        }
        catch (TrackerRequestException)
        {
            return $"the tracker at {_client.BaseAddress} has no stream '{_stream}'";
        }
    }

    [LoggerMessage(EventId = 2130, Level = LogLevel.Information, Message = "Stream {Stream}: parent {Parent} lost; asking the tracker for the next")]
    private static partial void LogParentLost(ILogger logger, string stream, string parent);

    [LoggerMessage(EventId = 2131, Level = LogLevel.Warning, Message = "Tracker: {Problem}")]
    private static partial void LogTrackerProblem(ILogger logger, string problem);
}
