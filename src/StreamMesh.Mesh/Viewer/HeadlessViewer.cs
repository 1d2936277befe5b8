using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Net;
using StreamMesh.Rtc.Peer;
using StreamMesh.Rtc.Rtp;
using StreamMesh.Rtc.Sdp;
using StreamMesh.Rtc.Sdp.Codecs;
using StreamMesh.Rtc.Sdp.Negotiation;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// A viewer without a screen: attaches to a parent over WHEP (draft-ietf-wish-whep) with its own
/// <see cref="RtcPeerConnection"/> (recvonly audio and video, H.264 and VP8 offered), watches for a
/// duration while reporting progress, optionally records, and returns the run's statistics. With an
/// <see cref="IReattachingParentResolver"/> (the tracker) it moves to the next parent when its parent
/// falls silent or the tree moves it; the recording and the statistics continue across parents.
/// </summary>
/// <remarks>
/// Each parent gets its own UDP socket: two connections between the same two sockets would collide in
/// the mux, and a silent test may run many viewers against one parent. Progress is reported on the
/// run's own loop (the IProgress is called synchronously).
/// </remarks>
public sealed partial class HeadlessViewer
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RecordingFinishTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A live stream sends audio every 20 ms: this long without a packet means the parent is gone.</summary>
    private static readonly TimeSpan SilenceLimit = TimeSpan.FromMilliseconds(1500);

    /// <summary>Parents tried in a row without getting media before the run gives up.</summary>
    private const int MaxFailedParents = 5;

    private readonly ViewerOptions _options;
    private readonly IViewerParentResolver _resolver;
    private readonly WhepClient _whep;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;

    public HeadlessViewer(ViewerOptions options, IViewerParentResolver resolver, HttpClient http, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(resolver);
        ArgumentNullException.ThrowIfNull(http);
        options.Validate();
        _options = options;
        _resolver = resolver;
        _whep = new WhepClient(http);
        _time = timeProvider ?? TimeProvider.System;
        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<HeadlessViewer>();
    }

    /// <summary>What the viewer offers: receive-only Opus, and H.264 then VP8 with RTX, with abs-capture-time for latency.</summary>
    public static PeerMediaPlan CreatePlan()
    {
        string[] extensions = [.. LocalMediaSettings.DefaultHeaderExtensions, AbsCaptureTimeExtension.Uri];
        return new PeerMediaPlan
        {
            Audio = LocalMediaSettings.DefaultAudio(SdpDirection.RecvOnly) with { HeaderExtensions = extensions },
            Video = LocalMediaSettings.DefaultVideo(SdpDirection.RecvOnly) with { HeaderExtensions = extensions },
        };
    }

    /// <summary>Watches until the duration has passed, the parent goes away for good, or <paramref name="cancellationToken"/> fires (a graceful stop: stats and recording are still finished).</summary>
    /// <exception cref="ViewerException">The viewer could not attach, or no media arrived.</exception>
    public async Task<ViewerReport> RunAsync(IProgress<ViewerProgress>? progress, CancellationToken cancellationToken)
    {
        var parent = await _resolver.ResolveAsync(cancellationToken).ConfigureAwait(false);
        var run = new ViewerRunState();
        try
        {
            var failedInARow = 0;
            string endReason;
            while (true)
            {
                run.Parents.Add(parent.Description);
                SegmentEnd end;
                try
                {
                    end = await WatchParentAsync(parent, run, progress, cancellationToken).ConfigureAwait(false);
                    failedInARow = 0;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && run.WatchStart != 0)
                {
                    // stopped while attaching to the next parent: what was watched is still reported
                    end = new SegmentEnd("stopped by the user", Lost: false, null);
                }
                catch (ViewerException ex) when (ex.Failure is not (ViewerFailure.StreamNotFound or ViewerFailure.BadUrl) && _resolver is IReattachingParentResolver && ++failedInARow < MaxFailedParents && !cancellationToken.IsCancellationRequested)
                {
                    LogParentFailed(_logger, parent.Description, ex.Message);
                    end = new SegmentEnd(ex.Message, Lost: true, null);
                }

                if (!end.Lost || _resolver is not IReattachingParentResolver reattaching)
                {
                    endReason = end.Reason;
                    break;
                }

                ViewerParent? next;
                try
                {
                    next = end.Move ?? await reattaching.ReplaceAsync(parent, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && run.WatchStart != 0)
                {
                    endReason = "stopped by the user";
                    break;
                }

                if (next is null)
                {
                    if (run.WatchStart == 0)
                    {
                        throw new ViewerException(ViewerFailure.ConnectionFailed, $"{end.Reason}, and the tracker has no other parent with room");
                    }

                    endReason = $"{end.Reason}; no other parent with room";
                    break;
                }

                run.Reattachments++;
                parent = next;
            }

            var recording = run.Recorder is null ? null : await FinishRecordingAsync(run).ConfigureAwait(false);
            return BuildReport(parent, run, endReason, recording);
        }
        finally
        {
            if (run.Recorder is not null)
            {
                await run.Recorder.DisposeAsync().ConfigureAwait(false);
            }

            using var releaseTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), _time);
            await _resolver.ReleaseAsync(parent, releaseTimeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Watches one parent. Returns when the run is over or the parent is lost (<see cref="SegmentEnd.Lost"/>).</summary>
    private async Task<SegmentEnd> WatchParentAsync(ViewerParent parent, ViewerRunState run, IProgress<ViewerProgress>? progress, CancellationToken cancellationToken)
    {
        await using var endpoint = new WebRtcEndpoint(
            new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Any }, _loggers.CreateLogger<UdpMux>()),
            DtlsCertificate.Generate(_time));
        await using var connection = new RtcPeerConnection(endpoint, new RtcPeerConnectionOptions { ConnectTimeout = _options.ConnectTimeout }, _time, _loggers);
        var connected = WatchState(connection);

        var offer = await connection.CreateOfferAsync(CreatePlan(), cancellationToken).ConfigureAwait(false);
        var answer = await _whep.PostOfferAsync(parent.WhepUrl, offer, parent.Ticket, cancellationToken).ConfigureAwait(false);
        try
        {
            try
            {
                connection.AcceptAnswer(answer.AnswerSdp);
            }
            catch (Exception ex) when (ex is SdpParseException or SdpNegotiationException)
            {
                throw new ViewerException(ViewerFailure.Refused, $"{parent.Description} sent an answer this viewer cannot use: {ex.Message}", ex);
            }

            var isVp8 = connection.Negotiated!.Media.Any(m => m.Kind == SdpMediaKind.Video && m.Codec?.IsNamed(RtpCodecNames.Vp8) == true);
            var sink = run.NextRecordingSegment(_options.RecordPath, isVp8, _time, _loggers);
            using var session = new ViewerSession(connection.Negotiated, _options, sink, _time, _loggers.CreateLogger<ViewerSession>(), run.Latency);
            session.Attach(connection);
            try
            {
                await WaitConnectedAsync(connected, connection, parent, cancellationToken).ConfigureAwait(false);
                LogConnected(_logger, parent.WhepUrl, session.VideoCodec);
                await _resolver.ConfirmAsync(parent, cancellationToken).ConfigureAwait(false);
                return await WatchAsync(session, connection, parent, run, progress, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                run.EndSegment(session.Snapshot(), sink);
            }
        }
        finally
        {
            if (answer.SessionUrl is { } sessionUrl)
            {
                using var deleteTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), _time);
                await _whep.DeleteAsync(sessionUrl, deleteTimeout.Token).ConfigureAwait(false);
            }
        }
    }

    private static Task<PeerConnectionState> WatchState(RtcPeerConnection connection)
    {
        var settled = new TaskCompletionSource<PeerConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.StateChanged += (_, state) =>
        {
            if (state is PeerConnectionState.Connected or PeerConnectionState.Failed or PeerConnectionState.Closed)
            {
                settled.TrySetResult(state);
            }
        };
        return settled.Task;
    }

    private async Task WaitConnectedAsync(Task<PeerConnectionState> connected, RtcPeerConnection connection, ViewerParent parent, CancellationToken cancellationToken)
    {
        PeerConnectionState state;
        try
        {
            // The connection enforces ConnectTimeout itself and fails; the extra margin only guards against a hang.
            state = await connected.WaitAsync(_options.ConnectTimeout + TimeSpan.FromSeconds(5), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new ViewerException(ViewerFailure.ConnectionFailed, $"could not connect to {parent.Description} within {_options.ConnectTimeout.TotalSeconds:0} s", ex);
        }

        if (state != PeerConnectionState.Connected)
        {
            throw new ViewerException(ViewerFailure.ConnectionFailed, $"could not connect to {parent.Description}: {connection.FailureReason ?? state.ToString()} (is UDP blocked between here and the node?)");
        }
    }

    private async Task<SegmentEnd> WatchAsync(
        ViewerSession session, RtcPeerConnection connection, ViewerParent parent, ViewerRunState run, IProgress<ViewerProgress>? progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickInterval, _time);
        var connectedAt = _time.GetTimestamp();
        var segmentStarted = false;
        var lastBytes = 0L;
        var lastBytesAt = _time.GetTimestamp();
        var lastFrames = 0L;
        var reattaching = _resolver as IReattachingParentResolver;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                session.OnTick();
                var (bytes, frames) = session.Counters;
                if (!segmentStarted)
                {
                    // The clock starts at the first complete video frame, so "--duration 10s" means 10 s of picture.
                    if (frames > 0)
                    {
                        segmentStarted = true;
                        run.StartWatching(_time);
                        lastBytesAt = _time.GetTimestamp();
                    }
                    else if (_time.GetElapsedTime(connectedAt) > _options.MediaTimeout)
                    {
                        throw new ViewerException(ViewerFailure.ConnectionFailed, session.HasMedia
                            ? $"connected to {parent.Description} but no complete video frame arrived within {_options.MediaTimeout.TotalSeconds:0} s"
                            : $"connected to {parent.Description} but no media arrived within {_options.MediaTimeout.TotalSeconds:0} s");
                    }

                    continue;
                }

                if (frames != lastFrames)
                {
                    lastFrames = frames;
                    run.OnFrame(_time);
                }

                if (connection.State is PeerConnectionState.Failed or PeerConnectionState.Closed)
                {
                    return new SegmentEnd($"connection to the parent lost: {connection.FailureReason ?? connection.State.ToString()}", Lost: true, null);
                }

                if (bytes != lastBytes)
                {
                    lastBytes = bytes;
                    lastBytesAt = _time.GetTimestamp();
                }
                else if (_time.GetElapsedTime(lastBytesAt) > SilenceLimit)
                {
                    return new SegmentEnd($"connection to the parent lost: no media from {parent.Description} for {SilenceLimit.TotalSeconds:0.0} s", Lost: true, null);
                }

                if (reattaching?.TakeMove() is { } move)
                {
                    LogMoved(_logger, parent.Description, move.Description);
                    return new SegmentEnd("moved by the tracker", Lost: true, move);
                }

                var elapsed = _time.GetElapsedTime(run.WatchStart);
                if (_time.GetElapsedTime(run.LastProgress) >= _options.ProgressInterval)
                {
                    var total = ViewerSnapshotSum.Add(run.Finished, session.Snapshot());
                    var line = CreateProgress(elapsed, _time.GetElapsedTime(run.LastProgress), run.PreviousProgress ?? total, total, parent);
                    progress?.Report(line);
                    reattaching?.Report(line);
                    run.PreviousProgress = total;
                    run.LastProgress = _time.GetTimestamp();
                }

                if (_options.Duration is { } duration && elapsed >= duration)
                {
                    return new SegmentEnd("duration reached", Lost: false, null);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && run.WatchStart != 0)
        {
            // a graceful stop: the report is still written
        }

        return new SegmentEnd("stopped by the user", Lost: false, null);
    }

    private static ViewerProgress CreateProgress(TimeSpan elapsed, TimeSpan interval, ViewerSessionSnapshot previous, ViewerSessionSnapshot current, ViewerParent parent)
    {
        var seconds = Math.Max(interval.TotalSeconds, 0.001);
        var bytes = Math.Max(0, current.Bytes - previous.Bytes);
        var received = (current.Video.Packets - previous.Video.Packets) + (current.Audio.Packets - previous.Audio.Packets);
        var lost = (current.Video.NetworkLost - previous.Video.NetworkLost) + (current.Audio.NetworkLost - previous.Audio.NetworkLost);
        var loss = received + lost > 0 ? 100.0 * Math.Max(0, lost) / (received + Math.Max(0, lost)) : 0;
        return new ViewerProgress(elapsed, bytes * 8 / seconds / 1000, loss, current.LastLatencyMilliseconds, current.Video.Frames, current.Audio.Gaps, parent.Description);
    }

    private async Task<RecordingReport> FinishRecordingAsync(ViewerRunState run)
    {
        var recorder = run.Recorder!;
        using var timeout = new CancellationTokenSource(RecordingFinishTimeout, _time);
        string? error;
        try
        {
            error = await recorder.CompleteAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            error = $"ffmpeg did not finish the file within {RecordingFinishTimeout.TotalSeconds:0} s";
        }

        if (error is not null)
        {
            LogRecordingFailed(_logger, recorder.Path, error);
        }

        return new RecordingReport(recorder.Path, recorder.Container, recorder.VideoFrames, (double)recorder.AudioSamples / MediaRecorder.SampleRate, run.Finished?.SilenceSamplesInserted ?? 0, error);
    }

    private ViewerReport BuildReport(ViewerParent parent, ViewerRunState run, string endReason, RecordingReport? recording)
    {
        var snapshot = run.Finished ?? throw new ViewerException(ViewerFailure.ConnectionFailed, endReason);
        var elapsed = run.WatchStart == 0 ? TimeSpan.Zero : _time.GetElapsedTime(run.WatchStart);
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        return new ViewerReport(
            parent.WhepUrl.ToString(),
            run.StartedAt,
            Math.Round(elapsed.TotalSeconds, 3),
            snapshot.Bytes,
            Math.Round(snapshot.Bytes * 8 / seconds / 1000, 1),
            endReason,
            snapshot.Video,
            snapshot.Audio,
            snapshot.Latency,
            recording,
            [.. run.Parents],
            run.Reattachments,
            Math.Round(run.LongestFreeze.TotalSeconds, 3));
    }

    /// <summary>How watching one parent ended; <paramref name="Move"/> is the tracker's next parent when it moved the viewer.</summary>
    private sealed record SegmentEnd(string Reason, bool Lost, ViewerParent? Move);

    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Viewer connected to {Url}, video {Codec}")]
    private static partial void LogConnected(ILogger logger, Uri url, string codec);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Warning, Message = "Recording {Path} failed: {Error}")]
    private static partial void LogRecordingFailed(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2122, Level = LogLevel.Warning, Message = "Parent {Parent} failed: {Reason}; asking for the next")]
    private static partial void LogParentFailed(ILogger logger, string parent, string reason);

    [LoggerMessage(EventId = 2123, Level = LogLevel.Information, Message = "The tracker moved this viewer from {From} to {To}")]
    private static partial void LogMoved(ILogger logger, string from, string to);
}
