using Microsoft.Extensions.Logging;
using StreamMesh.Media.Sources;
using StreamMesh.Mesh.Streams;
using StreamMesh.Mesh.Whip;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Supervises one stream of an origin: opens the source through ffmpeg, publishes it, and when it fails or
/// ends puts the slate on air at once (viewers stay connected), records why in <see cref="Status"/>, and
/// reopens the source with backoff (a quarter second, doubling up to <see cref="OriginOptions.RetryMaxBackoffSeconds"/>).
/// When the source is back the slate goes off and the source resumes with a keyframe. A failing stream never
/// affects the origin's other streams.
/// </summary>
public sealed partial class OriginStreamRunner : IAsyncDisposable
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(250);

    // While a source that was live is freshly down (an encoder restarting, a network blip) viewers are watching the
    // slate: retry every half second for this long, so a return is noticed within 0.5 s (each failed attempt costs
    // one ffmpeg start, about 60 ms of CPU), then back off towards RetryMaxBackoffSeconds.
    private static readonly TimeSpan FastRetryInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FastRetryWindow = TimeSpan.FromSeconds(30);

    // A first start may take this long before viewers get the slate instead of nothing; later restarts put
    // the slate on air at once because viewers are watching.
    private static readonly TimeSpan InitialSlateDelay = TimeSpan.FromSeconds(1);

    private readonly OriginOptions _options;
    private readonly MediaSourceOptions _sourceOptions;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly StreamPublisher _publisher;
    private readonly SlateRunner _slate;

    public OriginStreamRunner(OriginOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        _options = options;
        _sourceOptions = options.ToSourceOptions();
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<OriginStreamRunner>();
        var isVp8 = options.Video == "vp8";
        var video = new StreamTrack(MediaKind.Video, isVp8 ? "VP8" : "H264", 90_000, 0, RandomSsrc(), RandomSsrc(), isVp8 ? (byte)96 : (byte)102);
        var audio = new StreamTrack(MediaKind.Audio, "opus", 48_000, 2, RandomSsrc(), 0, 111);
        Stream = new LiveStream(options.Stream, video, audio, time);
        Status = new StreamIngestStatus(options.Stream, options.Source, time.GetUtcNow());
        _publisher = new StreamPublisher(Stream, isVp8, options.Fps, options.AudioBitrateKbps, options.AudioComplexity, options.AudioFec);
        _slate = new SlateRunner(_sourceOptions, _publisher, time, loggers.CreateLogger("StreamMesh.Mesh.Origin.Slate"));
        Whip = options.IsWhip ? new WhipIngestPoint(Stream, options.PublishToken) : null;
    }

    public LiveStream Stream { get; }

    /// <summary>This stream's settings.</summary>
    public OriginOptions Options => _options;

    /// <summary>For a <c>whip</c> source: where WHIP publishers attach; null for pulled sources.</summary>
    public WhipIngestPoint? Whip { get; }

    public StreamIngestStatus Status { get; }

    /// <summary>Runs until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Whip is { } whip)
        {
            await RunWhipAsync(whip, cancellationToken).ConfigureAwait(false);
            return;
        }

        var backoff = FirstBackoff;
        var maxBackoff = TimeSpan.FromSeconds(_options.RetryMaxBackoffSeconds);
        var wasLive = false;
        var downSince = _time.GetUtcNow();
        string? previousReason = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                // While the source stays down each retry fails the same way: its ffmpeg lines would repeat twice a
                // second, so only the first attempt of an outage logs them (this runner logs every change of reason).
                var failure = await RunSourceOnceAsync(wasLive, quiet: previousReason is not null, cancellationToken).ConfigureAwait(false);
                if (failure.WentLive)
                {
                    wasLive = true;
                    backoff = FirstBackoff;
                    downSince = _time.GetUtcNow();
                }

                Status.SetDown(failure.Reason, _time.GetUtcNow());
                var delay = wasLive && _time.GetUtcNow() - downSince < FastRetryWindow
                    ? TimeSpan.FromTicks(Math.Min(backoff.Ticks, FastRetryInterval.Ticks))
                    : backoff;
                // A source that stays down fails the same way every retry: say it once, then only at Debug.
                if (failure.Reason != previousReason)
                {
                    LogSourceDown(_logger, _options.Stream, _options.Source, failure.Reason ?? "ended", delay.TotalSeconds);
                }
                else
                {
                    LogStillDown(_logger, _options.Stream, failure.Reason ?? "ended");
                }

                previousReason = failure.WentLive ? null : failure.Reason;
                _slate.EnsureRunning(cancellationToken);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, maxBackoff.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _slate.StopAsync().ConfigureAwait(false);
            Status.Set(IngestState.Stopped, _time.GetUtcNow());
        }
    }

    /// <summary>
    /// A WHIP stream: the slate is on air until a publisher connects; its media is then forwarded until it leaves
    /// (DELETE, ICE/DTLS failure, lost consent), and the slate goes back on for the next publisher.
    /// </summary>
    private async Task RunWhipAsync(WhipIngestPoint whip, CancellationToken cancellationToken)
    {
        var wasLive = false;
        try
        {
            _slate.EnsureRunning(cancellationToken);
            Status.Set(IngestState.Slate, _time.GetUtcNow());
            while (!cancellationToken.IsCancellationRequested)
            {
                var session = await whip.WaitForPublisherAsync(cancellationToken).ConfigureAwait(false);
                await _slate.StopAsync().ConfigureAwait(false);
                session.StartForwarding(_publisher);
                Status.SetLive(passthrough: true, _time.GetUtcNow(), isRestart: wasLive);
                wasLive = true;
                LogSourceLive(_logger, _options.Stream, $"WHIP session {session.Id}", "forwarded");
                string reason;
                try
                {
                    reason = await session.Ended.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    session.StopForwarding();
                }

                Status.SetDown($"WHIP publisher of '{_options.Stream}' left: {reason}", _time.GetUtcNow());
                LogPublisherLeft(_logger, _options.Stream, reason);
                _slate.EnsureRunning(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await _slate.StopAsync().ConfigureAwait(false);
            Status.Set(IngestState.Stopped, _time.GetUtcNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _slate.DisposeAsync().ConfigureAwait(false);
        _publisher.Dispose();
        Stream.Dispose();
    }

    private async Task<(bool WentLive, string? Reason)> RunSourceOnceAsync(bool wasLive, bool quiet, CancellationToken cancellationToken)
    {
        ILogger sourceLogger = quiet ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : _loggers.CreateLogger<FfmpegMediaSource>();
        await using var source = new FfmpegMediaSource(_sourceOptions, _time, sourceLogger);
        var start = source.StartAsync(cancellationToken);
        if (!start.IsCompleted && !_slate.IsRunning)
        {
            var delay = wasLive ? TimeSpan.Zero : InitialSlateDelay;
            if (await Task.WhenAny(start, Task.Delay(delay, _time, cancellationToken)).ConfigureAwait(false) != start)
            {
                _slate.EnsureRunning(cancellationToken);
            }
        }

        try
        {
            await start.ConfigureAwait(false);
        }
        catch (MediaSourceException exception)
        {
            return (false, exception.Message);
        }

        await _slate.StopAsync().ConfigureAwait(false);
        Status.SetLive(source.IsPassthrough, _time.GetUtcNow(), isRestart: wasLive);
        LogSourceLive(_logger, _options.Stream, _options.Source, source.Plan?.PassthroughReason ?? "transcoding");
        var failure = await _publisher.PumpAsync(source, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return (true, failure?.Message ?? $"source '{_options.Source}' ended: {source.LastError ?? "end of stream"}");
    }

    private static uint RandomSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Stream {Stream}: source {Source} is live ({Video})")]
    private static partial void LogSourceLive(ILogger logger, string stream, string source, string video);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Stream {Stream}: source {Source} is down: {Reason}; slate on air, retrying in {Backoff} s")]
    private static partial void LogSourceDown(ILogger logger, string stream, string source, string reason, double backoff);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Stream {Stream}: WHIP publisher left: {Reason}; slate on air until the next one connects")]
    private static partial void LogPublisherLeft(ILogger logger, string stream, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Stream {Stream}: source still down: {Reason}")]
    private static partial void LogStillDown(ILogger logger, string stream, string reason);
}
