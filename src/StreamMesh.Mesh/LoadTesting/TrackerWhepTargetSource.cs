using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Mesh.Hosting.Emulation;
using StreamMesh.Mesh.Tracker.Contracts;
using StreamMesh.Mesh.Tree;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Load-generator viewers join the relay tree as a browser would: join at the tracker (a landmark
/// round first when the tracker asks for one), probe the candidates over HTTP (<c>/healthz</c>, the
/// viewer's site in <see cref="EmulatedLatency.SiteHeader"/>), confirm them nearest first, and attach
/// to the assigned parent with its ticket. Each viewer heartbeats; when its parent fails it reports the
/// parent unreachable and is given the next one (<see cref="ReattachAsync"/>).
/// </summary>
/// <remarks>Thread-safe: viewers resolve concurrently; one background loop heartbeats all of them.</remarks>
public sealed class TrackerWhepTargetSource : IReattachingWhepTargetSource, IAsyncDisposable
{
    private const int MaxJoinAttempts = 5;

    private readonly TrackerWhepTargetOptions _options;
    private readonly HttpClient _http;
    private readonly TrackerClient _tracker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<int, TrackedViewer> _viewers = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _heartbeats;
    private int _heartbeatIntervalMs;
    private long _heartbeatFailures;

    public TrackerWhepTargetSource(TrackerWhepTargetOptions options, HttpClient? http = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _http = http ?? new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(10) };
        var trackerBase = options.Tracker.AbsoluteUri.EndsWith('/') ? options.Tracker : new Uri(options.Tracker.AbsoluteUri + "/");
        _tracker = new TrackerClient(_http, trackerBase);
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<TrackerWhepTargetSource>();
    }

    /// <summary>Heartbeats that failed (tracker unreachable or the session forgotten).</summary>
    public long HeartbeatFailures => Interlocked.Read(ref _heartbeatFailures);

    /// <summary>The site viewer <paramref name="viewerIndex"/> joins from, if sites are configured.</summary>
    public ViewerSite? SiteOf(int viewerIndex) => _options.Sites.Count == 0 ? null : _options.Sites[viewerIndex % _options.Sites.Count];

    public string? ParentOf(int viewerIndex) => _viewers.TryGetValue(viewerIndex, out var viewer) ? viewer.Parent : null;

    /// <summary>Joins the stream for one viewer and returns its parent's WHEP endpoint and ticket.</summary>
    /// <exception cref="InvalidOperationException">The tracker offered no parent after several attempts.</exception>
    /// <exception cref="HttpRequestException">The tracker cannot be reached.</exception>
    public async ValueTask<WhepTarget> ResolveAsync(int viewerIndex, CancellationToken cancellationToken)
    {
        var viewer = _viewers.GetOrAdd(viewerIndex, i => new TrackedViewer($"{_options.PeerIdPrefix}-{i}", SiteOf(i)));
        StartHeartbeats();
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var target = await JoinAsync(viewer, cancellationToken).ConfigureAwait(false);
                if (target is not null)
                {
                    return target;
                }
            }
            catch (TrackerRequestException ex) when (attempt < MaxJoinAttempts)
            {
                LoadTestingLog.TrackerProblem(_logger, viewer.PeerId, ex.Message);
            }
            catch (TrackerRequestException ex)
            {
                throw new InvalidOperationException($"joining through the tracker failed: {ex.Message}", ex);
            }

            if (attempt >= MaxJoinAttempts)
            {
                throw new InvalidOperationException($"the tracker offered {viewer.PeerId} no parent in {MaxJoinAttempts} attempts");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<WhepTarget?> ReattachAsync(int viewerIndex, bool force, CancellationToken cancellationToken)
    {
        if (!_viewers.TryGetValue(viewerIndex, out var viewer))
        {
            return null;
        }

        if (TryTakeMove(viewerIndex, out var moved) && moved is not null)
        {
            return moved;
        }

        if (!force && viewer.ParentUrl is { } parentUrl && await IsAliveAsync(parentUrl, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        try
        {
            if (viewer.Session is { } session && viewer.Parent is { } parent)
            {
                var assignment = await _tracker.ReportUnreachableAsync(_options.Stream, new UnreachableRequestDto
                {
                    PeerId = viewer.PeerId,
                    Session = session,
                    Unreachable = [parent],
                    Insist = true, // forced, or the parent did not answer our own liveness check
                }, cancellationToken).ConfigureAwait(false);
                if (assignment.Parent is { } next && assignment.Ticket is { } ticket && next.PeerId != parent)
                {
                    viewer.Parent = next.PeerId;
                    viewer.ProbedRttMs = null; // not probed: moved without a new round of probing
                    return TargetFor(viewer, next, ticket);
                }

                if (assignment.Parent is null && assignment.State != "detached")
                {
                    return null;
                }
            }

            // No usable assignment (or the tracker forgot us): join afresh under a new id.
            viewer.Renew();
            return await JoinAsync(viewer, cancellationToken).ConfigureAwait(false);
        }
        catch (TrackerRequestException ex)
        {
            LoadTestingLog.TrackerProblem(_logger, viewer.PeerId, ex.Message);
            if (ex.Status is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Conflict)
            {
                viewer.Renew();
            }

            return null;
        }
    }

    public bool TryTakeMove(int viewerIndex, out WhepTarget? target)
    {
        target = _viewers.TryGetValue(viewerIndex, out var viewer) ? Interlocked.Exchange(ref viewer.PendingMove, null) : null;
        return target is not null;
    }

    /// <summary>"tracker URL, stream NAME" for reports.</summary>
    public override string ToString() => $"tracker {_options.Tracker}, stream {_options.Stream}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_heartbeats is { } heartbeats)
        {
            await heartbeats.ConfigureAwait(false);
        }

        // Leave politely so the tracker frees the slots at once (best effort, bounded).
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
        try
        {
            await Parallel.ForEachAsync(_viewers.Values, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = timeout.Token }, async (viewer, ct) =>
            {
                if (viewer.Session is { } session)
                {
                    try
                    {
                        await _tracker.LeaveAsync(_options.Stream, new SessionRequestDto { PeerId = viewer.PeerId, Session = session }, ct).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is TrackerRequestException or HttpRequestException)
                    {
                        // already forgotten by the tracker
                    }
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the tracker is gone or slow; its heartbeat timeout frees the slots
        }

        _stop.Dispose();
        _http.Dispose();
    }

    private async Task<WhepTarget?> JoinAsync(TrackedViewer viewer, CancellationToken cancellationToken)
    {
        var site = viewer.Site?.Name;
        // A join that got no parent leaves this id pending at the tracker: the retry is a second round with its session.
        var joined = await _tracker.JoinAsync(_options.Stream, new JoinRequestDto { PeerId = viewer.PeerId, Role = TrackerPeerRole.Viewer, Site = site, Session = viewer.PendingSession }, cancellationToken).ConfigureAwait(false);
        viewer.PendingSession = joined.Session;
        var probes = new Dictionary<string, double>(StringComparer.Ordinal);
        if (joined.LandmarkRound)
        {
            await ProbeAllAsync(joined.Candidates, site, probes, cancellationToken).ConfigureAwait(false);
            joined = await _tracker.JoinAsync(_options.Stream, new JoinRequestDto
            {
                PeerId = viewer.PeerId,
                Role = TrackerPeerRole.Viewer,
                Site = site,
                Session = joined.Session,
                Probes = [.. probes.Select(p => new RttSampleDto { PeerId = p.Key, RttMs = p.Value })],
            }, cancellationToken).ConfigureAwait(false);
        }

        await ProbeAllAsync(joined.Candidates, site, probes, cancellationToken).ConfigureAwait(false);
        var candidates = joined.Candidates.Select(c => c.PeerId).ToHashSet(StringComparer.Ordinal);
        var ordered = probes.Where(p => candidates.Contains(p.Key)).OrderBy(p => p.Value).Select(p => p.Key).ToArray();
        var assignment = await _tracker.ConfirmAsync(_options.Stream, new ConfirmRequestDto
        {
            PeerId = viewer.PeerId,
            Session = joined.Session,
            Parents = ordered.Length > 0 ? ordered : [.. joined.Candidates.Select(c => c.PeerId)],
            Probes = [.. probes.Select(p => new RttSampleDto { PeerId = p.Key, RttMs = p.Value })],
        }, cancellationToken).ConfigureAwait(false);
        viewer.Session = joined.Session;
        Interlocked.CompareExchange(ref _heartbeatIntervalMs, assignment.HeartbeatIntervalMs, 0);
        if (assignment.Parent is not { } parent || assignment.Ticket is not { } ticket)
        {
            return null;
        }

        viewer.Parent = parent.PeerId;
        viewer.ProbedRttMs = probes.TryGetValue(parent.PeerId, out var rtt) ? rtt : null;
        return TargetFor(viewer, parent, ticket);
    }

    /// <summary>Liveness check of a parent: /healthz answers within the probe timeout.</summary>
    private async Task<bool> IsAliveAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ProbeTimeout);
        try
        {
            using var response = await _http.GetAsync(new Uri($"{url.TrimEnd('/')}/healthz"), timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private WhepTarget TargetFor(TrackedViewer viewer, CandidateDto parent, string ticket)
    {
        if (parent.Url is null)
        {
            throw new InvalidOperationException($"the tracker gave parent {parent.PeerId} without a URL");
        }

        viewer.ParentUrl = parent.Url;

        return new WhepTarget(new Uri($"{parent.Url.TrimEnd('/')}/whep/{Uri.EscapeDataString(_options.Stream)}"), ticket, viewer.Site?.BindAddress, parent.PeerId);
    }

    private async Task ProbeAllAsync(IReadOnlyList<CandidateDto> candidates, string? site, Dictionary<string, double> results, CancellationToken cancellationToken)
    {
        var pending = candidates.Where(c => c.Url is not null && !results.ContainsKey(c.PeerId)).ToArray();
        var rtts = await Task.WhenAll(pending.Select(c => ProbeAsync(c.Url!, site, cancellationToken))).ConfigureAwait(false);
        for (int i = 0; i < pending.Length; i++)
        {
            if (rtts[i] is { } rtt)
            {
                results[pending[i].PeerId] = rtt;
            }
        }
    }

    /// <summary>HTTP round trip to a candidate's /healthz, best of <see cref="TrackerWhepTargetOptions.ProbesPerCandidate"/>.</summary>
    private Task<double?> ProbeAsync(string url, string? site, CancellationToken cancellationToken) =>
        new Viewer.HttpRttProbe(_http).MeasureAsync(url, site, _options.ProbesPerCandidate, _options.ProbeTimeout, cancellationToken);

    private void StartHeartbeats()
    {
        if (_heartbeats is null)
        {
            lock (_viewers)
            {
                _heartbeats ??= Task.Run(() => HeartbeatLoopAsync(_stop.Token));
            }
        }
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int ms = Volatile.Read(ref _heartbeatIntervalMs);
                var interval = ms > 0 ? TimeSpan.FromMilliseconds(Math.Clamp(ms, 100, 30_000)) : _options.DefaultHeartbeatInterval;
                await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
                await Parallel.ForEachAsync(_viewers.Values, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, HeartbeatAsync).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // disposed
        }
    }

    private async ValueTask HeartbeatAsync(TrackedViewer viewer, CancellationToken cancellationToken)
    {
        if (viewer.Session is not { } session || viewer.Parent is not { } current)
        {
            return;
        }

        try
        {
            var reply = await _tracker.HeartbeatAsync(_options.Stream, new HeartbeatRequestDto { PeerId = viewer.PeerId, Session = session, ParentRttMs = viewer.ProbedRttMs }, cancellationToken).ConfigureAwait(false);
            if (reply.ParentChanged && reply.Parent is { } parent && parent.PeerId != current && reply.Ticket is { } ticket && viewer.Session == session)
            {
                viewer.Parent = parent.PeerId;
                Volatile.Write(ref viewer.PendingMove, TargetFor(viewer, parent, ticket));
            }
        }
        catch (Exception ex) when (ex is TrackerRequestException or HttpRequestException or InvalidOperationException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Interlocked.Increment(ref _heartbeatFailures);
        }
    }

    /// <summary>One viewer's membership in the tree.</summary>
    private sealed class TrackedViewer(string peerId, ViewerSite? site)
    {
        private readonly string _baseId = peerId;
        private int _generation;

        public string PeerId { get; private set; } = peerId;

        public ViewerSite? Site { get; } = site;

        public string? Session { get; set; }

        public string? Parent { get; set; }

        public string? ParentUrl { get; set; }

        public string? PendingSession { get; set; }

        public double? ProbedRttMs { get; set; }

        public WhepTarget? PendingMove;

        /// <summary>Forget the tracker session; the next join uses a fresh peer id.</summary>
        public void Renew()
        {
            Session = null;
            PendingSession = null;
            Parent = null;
            PendingMove = null;
            PeerId = $"{_baseId}-r{Interlocked.Increment(ref _generation)}";
        }
    }
}
