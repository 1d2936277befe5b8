using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>
/// Many <see cref="HeadlessViewer"/>s in one process: joins them at the ramp rate, drives their
/// feedback timer, holds the full load for the configured duration, then reports and closes them.
/// </summary>
/// <remarks>
/// One run per instance. <see cref="Sample"/> and <see cref="Viewers"/> may be used from any thread
/// while <see cref="RunAsync"/> is in progress.
/// </remarks>
public sealed class ViewerLoadRun : IAsyncDisposable
{
    /// <summary><see cref="ReceiveMode"/> when one shared poller receives for every viewer.</summary>
    public const string PollerReceiveMode = "poller";

    /// <summary><see cref="ReceiveMode"/> when each viewer socket has its own asynchronous receive loop.</summary>
    public const string AsyncReceiveMode = "async";

    private readonly ViewerLoadOptions _options;
    private readonly HeadlessViewerOptions _viewerOptions;
    private readonly UdpReceivePoller? _poller;
    private readonly IWhepTargetSource _targets;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ViewerReattacher? _reattacher;
    private readonly List<HeadlessViewer> _viewers = [];
    private readonly Lock _viewersLock = new();
    private HeadlessViewer[] _snapshot = [];
    private long _startedAt;
    private long _lastSampleAt;
    private long _lastSamplePackets;
    private long _lastSampleBytes;
    private int _ticking;
    private int _ran;

    public ViewerLoadRun(ViewerLoadOptions options, IWhepTargetSource targets, HttpClient? http = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(targets);
        options.Validate();
        _options = options;
        _targets = targets;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = options.Viewer.ConnectTimeout };
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<ViewerLoadRun>();
        if (targets is IReattachingWhepTargetSource tree)
        {
            _reattacher = new ViewerReattacher(tree, options.ReattachSilence, options.ReattachPatience, _time, _logger);
        }

        if (options.SharedReceivePoller && UdpReceivePoller.IsSupported)
        {
            var poller = new UdpReceivePoller(new UdpReceivePollerOptions { Threads = options.ReceivePollerThreads }, _loggers.CreateLogger<UdpReceivePoller>());
            if (poller.IsActive)
            {
                _poller = poller;
            }
            else
            {
                poller.Dispose();
            }
        }

        _viewerOptions = _poller is null ? options.Viewer : options.Viewer with { ReceivePoller = _poller };
    }

    /// <summary>
    /// <see cref="PollerReceiveMode"/> when the viewers' sockets share one poller, else
    /// <see cref="AsyncReceiveMode"/> (asked for, or the poller is not supported here).
    /// </summary>
    public string ReceiveMode => _poller is not null ? PollerReceiveMode : AsyncReceiveMode;

    /// <summary>What the shared poller has done so far; null in <see cref="AsyncReceiveMode"/>.</summary>
    public UdpReceivePollerStatistics? ReceivePollerStatistics => _poller?.Statistics;

    /// <summary>Raised on the run's task when every viewer has connected or failed and the hold window starts.</summary>
    public event Action? HoldStarted;

    /// <summary>Raised on the run's task at the end of the hold window, before reports are taken and viewers closed.</summary>
    public event Action? HoldEnded;

    /// <summary>The viewers started so far.</summary>
    public IReadOnlyList<HeadlessViewer> Viewers => Volatile.Read(ref _snapshot);

    /// <summary>
    /// Runs the whole load: ramp, settle, hold, report, close. Cancelling ends the hold early and
    /// still returns a report of what was measured.
    /// </summary>
    public async Task<LoadReport> RunAsync(IProgress<LoadProgress>? progress, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _ran, 1) != 0)
        {
            throw new InvalidOperationException("a load run runs once");
        }

        var startedAt = _time.GetUtcNow();
        _startedAt = _lastSampleAt = _time.GetTimestamp();
        LoadTestingLog.RunStarted(_logger, _options.Viewers, _options.RampPerSecond, _options.Duration);
        var certificate = DtlsCertificate.Generate();
        using var feedback = _time.CreateTimer(_ => TickAll(), null, _options.FeedbackInterval, _options.FeedbackInterval);
        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var progressLoop = progress is null ? Task.CompletedTask : ReportProgressAsync(progress, stopProgress.Token);

        var connects = new List<Task>(_options.Viewers);
        double holdSeconds = 0;
        (long Packets, long Bytes) atHoldStart = default;
        (long Packets, long Bytes) atHoldEnd = default;
        try
        {
            for (int i = 0; i < _options.Viewers; i++)
            {
                // Viewer i joins i / ramp seconds after the start, however long earlier joins take.
                var due = TimeSpan.FromSeconds(i / _options.RampPerSecond) - _time.GetElapsedTime(_startedAt);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, _time, cancellationToken).ConfigureAwait(false);
                }

                var viewer = new HeadlessViewer(i, _viewerOptions, certificate, _http, _time, _loggers);
                lock (_viewersLock)
                {
                    _viewers.Add(viewer);
                    Volatile.Write(ref _snapshot, [.. _viewers]);
                }

                connects.Add(ConnectAsync(viewer, cancellationToken));
            }

            await Task.WhenAll(connects).ConfigureAwait(false);
            if (_options.SettleTime > TimeSpan.Zero)
            {
                await Task.Delay(_options.SettleTime, _time, cancellationToken).ConfigureAwait(false);
            }

            long holdStart = _time.GetTimestamp();
            foreach (var viewer in Viewers)
            {
                viewer.BeginMeasurement();
            }

            atHoldStart = LoadSummaryBuilder.CountTraffic(Viewers);
            HoldStarted?.Invoke();
            try
            {
                await Task.Delay(_options.Duration, _time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                holdSeconds = _time.GetElapsedTime(holdStart).TotalSeconds;
                atHoldEnd = LoadSummaryBuilder.CountTraffic(Viewers);
                HoldEnded?.Invoke();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped early (Ctrl+C): report what was measured.
        }
        finally
        {
            await stopProgress.CancelAsync().ConfigureAwait(false);
            await progressLoop.ConfigureAwait(false);

            // Connects never throw; after a cancel they finish promptly as failed.
            await Task.WhenAll(connects).ConfigureAwait(false);
        }

        if (_reattacher is not null)
        {
            await _reattacher.StopAsync().ConfigureAwait(false);
        }

        var viewers = Viewers;
        var reports = new ViewerReport[viewers.Count];
        var socketDrops = UdpSocketDrops.ReadByLocalPort();
        for (int i = 0; i < viewers.Count; i++)
        {
            reports[i] = viewers[i].CreateReport(socketDrops);
        }

        var summary = LoadSummaryBuilder.Build(viewers, reports, holdSeconds, atHoldEnd.Packets - atHoldStart.Packets, atHoldEnd.Bytes - atHoldStart.Bytes);
        var pollerStatistics = ReceivePollerStatistics;
        await CloseViewersAsync().ConfigureAwait(false);
        var targetText = _targets is IReattachingWhepTargetSource ? _targets.ToString() ?? "tracker"
            : viewers.Count > 0 ? (await _targets.ResolveAsync(0, CancellationToken.None).ConfigureAwait(false)).Endpoint.ToString() : string.Empty;
        return new LoadReport(targetText, _options.Viewers, _options.RampPerSecond, _options.Duration.TotalSeconds, startedAt, summary, reports, ReceiveMode, pollerStatistics);
    }

    /// <summary>Live numbers: counts by state, packet rate since the previous sample, latency so far.</summary>
    public LoadProgress Sample()
    {
        var viewers = Viewers;
        int connected = 0;
        int failed = 0;
        double longestGap = 0;
        long lost = 0;
        foreach (var viewer in viewers)
        {
            var state = viewer.State;
            if (state == HeadlessViewerState.Connected)
            {
                connected++;
                longestGap = Math.Max(longestGap, viewer.LongestVideoGap.TotalMilliseconds);
                lost += Math.Max(0, viewer.Video?.Statistics.CumulativeLost ?? 0) + Math.Max(0, viewer.Audio?.Statistics.CumulativeLost ?? 0);
            }
            else if (state == HeadlessViewerState.Failed)
            {
                failed++;
            }
        }

        long now = _time.GetTimestamp();
        var (packets, bytes) = LoadSummaryBuilder.CountTraffic(viewers);
        double seconds = Math.Max(1e-3, _time.GetElapsedTime(Interlocked.Exchange(ref _lastSampleAt, now), now).TotalSeconds);
        double packetRate = (packets - Interlocked.Exchange(ref _lastSamplePackets, packets)) / seconds;
        double megabits = (bytes - Interlocked.Exchange(ref _lastSampleBytes, bytes)) * 8 / seconds / 1e6;
        var (video, _) = LoadSummaryBuilder.MergeLatency(viewers);
        return new LoadProgress(
            _time.GetElapsedTime(_startedAt),
            viewers.Count,
            connected,
            failed,
            packetRate,
            megabits,
            video.GetPercentile(50).TotalMilliseconds,
            video.GetPercentile(95).TotalMilliseconds,
            lost,
            longestGap);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseViewersAsync().ConfigureAwait(false);

        // After the viewers: their sockets leave the poller as they close.
        _poller?.Dispose();
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task ConnectAsync(HeadlessViewer viewer, CancellationToken cancellationToken)
    {
        WhepTarget target;
        try
        {
            target = await _targets.ResolveAsync(viewer.Index, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException)
        {
            viewer.MarkFailed("no WHEP target: " + ex.Message);
            return;
        }

        viewer.Reattachable = _reattacher is not null;
        viewer.SetParent(target.ParentId);
        await viewer.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
    }

    private void TickAll()
    {
        // A slow tick on a loaded machine is skipped, not stacked.
        if (Interlocked.Exchange(ref _ticking, 1) != 0)
        {
            return;
        }

        try
        {
            var viewers = Viewers;
            foreach (var viewer in viewers)
            {
                viewer.Tick();
            }

            _reattacher?.Check(viewers);
        }
        finally
        {
            Volatile.Write(ref _ticking, 0);
        }
    }

    private async Task ReportProgressAsync(IProgress<LoadProgress> progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ProgressInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                progress.Report(Sample());
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }

    private async Task CloseViewersAsync()
    {
        HeadlessViewer[] viewers;
        lock (_viewersLock)
        {
            viewers = [.. _viewers];
            _viewers.Clear();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time);
        await Task.WhenAll(viewers.Select(v => v.CloseAsync(timeout.Token))).ConfigureAwait(false);
    }
}
