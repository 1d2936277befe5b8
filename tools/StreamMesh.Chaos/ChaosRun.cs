using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.Chaos;

/// <summary>
/// Runs <see cref="ChaosOptions"/>: starts the tree, joins the viewers through the tracker (they
/// reattach on their own when a parent dies), kills and restarts relays on schedule during the hold,
/// floods one relay, and reports what the viewers saw.
/// </summary>
public sealed class ChaosRun(ChaosOptions options, Action<string>? log = null, ILoggerFactory? loggerFactory = null)
{
    private readonly Action<string> _log = log ?? (_ => { });
    private readonly ILoggerFactory _loggers = loggerFactory ?? NullLoggerFactory.Instance;

    /// <summary>The cluster while the run is in progress (for tests that want to look inside).</summary>
    public TreeCluster? Cluster { get; private set; }

    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var startedAt = DateTimeOffset.UtcNow;
        _log($"starting the tree: {options.Cluster.OriginSites.Count} origins, {options.Cluster.RelaySites.Count} relays, sites {string.Join(", ", options.Cluster.Sites)}");
        await using var cluster = await TreeCluster.StartAsync(options.Cluster, cancellationToken).ConfigureAwait(false);
        Cluster = cluster;
        string treeBefore = TreeCluster.Describe(await cluster.GetTreeAsync(cancellationToken).ConfigureAwait(false));
        _log("tree:\n" + treeBefore);

        await using var targets = new TrackerWhepTargetSource(new TrackerWhepTargetOptions
        {
            Tracker = cluster.TrackerUri,
            Stream = options.Cluster.Stream,
            Sites = cluster.ViewerSites,
            PeerIdPrefix = "chaos",
        }, loggerFactory: _loggers);
        var loadOptions = new ViewerLoadOptions
        {
            Viewers = options.Viewers,
            RampPerSecond = options.RampPerSecond,
            // The phases end the hold (below); this is only the upper bound.
            Duration = options.HoldDuration + TimeSpan.FromSeconds(60),
            SettleTime = TimeSpan.FromSeconds(2),
            Viewer = new HeadlessViewerOptions { ConnectTimeout = TimeSpan.FromSeconds(20) },
        };
        await using var load = new ViewerLoadRun(loadOptions, targets, loggerFactory: _loggers);
        var kills = new List<KillRecord>();
        FloodReport? flood = null;
        var lost = new List<string>();
        using var phaseStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var holdStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task phases = Task.CompletedTask;
        load.HoldStarted += () =>
        {
            _log($"{load.Viewers.Count(v => v.State == HeadlessViewerState.Connected)} of {options.Viewers} viewers connected; chaos starts");
            phases = Task.Run(async () =>
            {
                await KillPhaseAsync(cluster, kills, phaseStop.Token).ConfigureAwait(false);
                await Task.Delay(options.AfterKills, phaseStop.Token).ConfigureAwait(false);
                if (options.FloodRate > 0)
                {
                    flood = await FloodPhaseAsync(cluster, phaseStop.Token).ConfigureAwait(false);
                }

                await holdStop.CancelAsync().ConfigureAwait(false);
            }, phaseStop.Token);
        };
        load.HoldEnded += () =>
        {
            foreach (var viewer in load.Viewers)
            {
                if (viewer.State != HeadlessViewerState.Connected || viewer.VideoSilence > options.LostSilence || viewer.Video is null)
                {
                    lost.Add($"viewer {viewer.Index}: {viewer.State}, silent {viewer.VideoSilence.TotalMilliseconds:0} ms, parent {viewer.ParentId ?? "-"}, {viewer.FailureReason ?? viewer.LastReattachFailure ?? "no failure recorded"}");
                }
            }
        };

        var report = await load.RunAsync(new SynchronousProgress<LoadProgress>(p => _log(
            $"[{p.Elapsed.TotalSeconds,6:0.0}s] {p.Connected}/{p.Started} connected, {p.Failed} failed, {p.PacketsPerSecond:0} pkt/s, worst gap {p.LongestVideoGapMs:0} ms")), holdStop.Token).ConfigureAwait(false);
        await phaseStop.CancelAsync().ConfigureAwait(false);
        try
        {
            await phases.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the hold ended first
        }

        string treeAfter = TreeCluster.Describe(await cluster.GetTreeAsync(CancellationToken.None).ConfigureAwait(false));
        var tree = TreeLoadSummary.From(report.ViewerReports);
        var worst = TreeLoadSummary.Summarize([.. report.ViewerReports.Select(v => v.GapEventsMs is { Count: > 0 } g ? g.Max() : 0)]);
        var p95 = TreeLoadSummary.Summarize([.. report.ViewerReports.Select(v => v.GapEventsMs is { Count: > 0 } g ? TreeLoadSummary.Summarize(g).P95Ms : 0)]);
        return new ChaosReport(startedAt, options.Viewers, report.Summary.ViewersConnected, lost.Count, lost, kills, tree, worst, p95, report.Summary, flood, treeBefore, treeAfter, report.ViewerReports);
    }

    private async Task KillPhaseAsync(TreeCluster cluster, List<KillRecord> kills, CancellationToken cancellationToken)
    {
        var random = new Random(options.Seed);
        long started = TimeProvider.System.GetTimestamp();
        for (int k = 1; k <= options.Kills; k++)
        {
            var due = options.KillInterval * k - TimeProvider.System.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }

            var relays = cluster.Relays;
            if (relays.Count == 0)
            {
                continue;
            }

            // A random relay among those feeding someone (a childless replacement would test nothing).
            var tree = await cluster.GetTreeAsync(cancellationToken).ConfigureAwait(false);
            int ChildrenOf(ClusterNode relay) => tree.Nodes.FirstOrDefault(n => n.Id == relay.PeerId)?.Children.Count ?? 0;
            var feeding = relays.Where(r => ChildrenOf(r) > 0).ToArray();
            var pool = feeding.Length > 0 ? feeding : [.. relays];
            var victim = pool[random.Next(pool.Length)];
            int children = ChildrenOf(victim);
            double at = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            await cluster.KillAsync(victim).ConfigureAwait(false);
            var site = options.Cluster.Sites[random.Next(options.Cluster.Sites.Count)];
            _log($"kill -9 #{k}: {victim.PeerId} ({children} children) at {at:0.0} s; restarting a relay on {site}");
            ClusterNode? replacement = null;
            try
            {
                replacement = await cluster.StartRelayAsync(site, waitAttached: false, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                _log($"  replacement did not start: {ex.Message.Split('\n')[0]}");
            }

            kills.Add(new KillRecord(at, victim.PeerId, victim.Site ?? "-", children, replacement?.PeerId, replacement is null ? null : site));
        }
    }

    private async Task<FloodReport> FloodPhaseAsync(TreeCluster cluster, CancellationToken cancellationToken)
    {
        var tree = await cluster.GetTreeAsync(cancellationToken).ConfigureAwait(false);
        var relay = cluster.Relays.OrderByDescending(r => tree.Nodes.FirstOrDefault(n => n.Id == r.PeerId)?.Children.Count ?? 0).First();
        int children = tree.Nodes.FirstOrDefault(n => n.Id == relay.PeerId)?.Children.Count ?? 0;
        _log($"flood: {options.FloodRate} garbage datagrams/s at {relay.PeerId} (UDP {relay.UdpPort}, {children} children), windows of {options.FloodWindow.TotalSeconds:0.#} s");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };

        async Task<(double Sent, double Dropped, double Received, long At)> SampleAsync()
        {
            var text = await http.GetStringAsync(new Uri(relay.HttpBase + "/metrics"), cancellationToken).ConfigureAwait(false);
            return (MetricsScraper.Sum(text, "streammesh_udp_datagrams_sent_total"), MetricsScraper.Sum(text, "streammesh_udp_datagrams_dropped_total"),
                MetricsScraper.Sum(text, "streammesh_udp_datagrams_received_total"), TimeProvider.System.GetTimestamp());
        }

        static double Rate((double Sent, double Dropped, double Received, long At) a, (double Sent, double Dropped, double Received, long At) b) =>
            (b.Sent - a.Sent) / Math.Max(1e-3, TimeProvider.System.GetElapsedTime(a.At, b.At).TotalSeconds);

        var s0 = await SampleAsync().ConfigureAwait(false);
        await Task.Delay(options.FloodWindow, cancellationToken).ConfigureAwait(false);
        var s1 = await SampleAsync().ConfigureAwait(false);
        var target = new IPEndPoint(relay.Http.Address, relay.UdpPort);
        long garbage = await GarbageFlood.RunAsync(target, options.FloodRate, options.FloodWindow, options.Seed, cancellationToken).ConfigureAwait(false);
        var s2 = await SampleAsync().ConfigureAwait(false);
        await Task.Delay(options.FloodWindow, cancellationToken).ConfigureAwait(false);
        var s3 = await SampleAsync().ConfigureAwait(false);
        var report = new FloodReport(relay.PeerId, children, options.FloodWindow.TotalSeconds, Rate(s0, s1), Rate(s1, s2), Rate(s2, s3),
            garbage, garbage / Math.Max(1e-3, TimeProvider.System.GetElapsedTime(s1.At, s2.At).TotalSeconds), (long)(s2.Dropped - s1.Dropped), (long)(s2.Received - s1.Received));
        _log($"flood: forwarding {report.BeforePerSecond:0} → {report.DuringPerSecond:0} → {report.AfterPerSecond:0} datagrams/s (drop {report.ThroughputDropPercent:0.0} %), {report.DroppedCounted} of {garbage} garbage counted as dropped");
        return report;
    }
}
