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
/// duration while reporting progress, optionally records, and returns the run's statistics.
/// </summary>
/// <remarks>
/// Each run owns its own UDP socket: two connections between the same two sockets would collide in
/// the mux, and a silent test may run many viewers against one parent. Progress is reported on the
/// run's own loop (the IProgress is called synchronously).
/// </remarks>
public sealed partial class HeadlessViewer
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan RecordingFinishTimeout = TimeSpan.FromSeconds(60);

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

    /// <summary>Watches until the duration has passed, the parent goes away, or <paramref name="cancellationToken"/> fires (a graceful stop: stats and recording are still finished).</summary>
    /// <exception cref="ViewerException">The viewer could not attach, or no media arrived.</exception>
    public async Task<ViewerReport> RunAsync(IProgress<ViewerProgress>? progress, CancellationToken cancellationToken)
    {
        var parent = await _resolver.ResolveAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await WatchParentAsync(parent, progress, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            using var releaseTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), _time);
            await _resolver.ReleaseAsync(parent, releaseTimeout.Token).ConfigureAwait(false);
        }
    }

    private async Task<ViewerReport> WatchParentAsync(ViewerParent parent, IProgress<ViewerProgress>? progress, CancellationToken cancellationToken)
    {
        await using var endpoint = new WebRtcEndpoint(
            new UdpMux(new UdpMuxOptions { BindAddress = IPAddress.Any }, _loggers.CreateLogger<UdpMux>()),
            DtlsCertificate.Generate(_time));
        await using var connection = new RtcPeerConnection(endpoint, new RtcPeerConnectionOptions { ConnectTimeout = _options.ConnectTimeout }, _time, _loggers);
        var connected = WatchState(connection);

        var offer = await connection.CreateOfferAsync(CreatePlan(), cancellationToken).ConfigureAwait(false);
        var answer = await _whep.PostOfferAsync(parent.WhepUrl, offer, cancellationToken).ConfigureAwait(false);
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
            var recorder = _options.RecordPath is { } path ? new MediaRecorder(path, isVp8, _loggers.CreateLogger<MediaRecorder>()) : null;
            try
            {
                using var session = new ViewerSession(connection.Negotiated, _options, recorder, _time, _loggers.CreateLogger<ViewerSession>());
                session.Attach(connection);
                await WaitConnectedAsync(connected, connection, parent, cancellationToken).ConfigureAwait(false);
                LogConnected(_logger, parent.WhepUrl, session.VideoCodec);
                await _resolver.ConfirmAsync(parent, cancellationToken).ConfigureAwait(false);
                var (startedAt, elapsed, endReason) = await WatchAsync(session, connection, parent, progress, cancellationToken).ConfigureAwait(false);
                var recording = recorder is null ? null : await FinishRecordingAsync(recorder, session).ConfigureAwait(false);
                return BuildReport(parent, session.Snapshot(), startedAt, elapsed, endReason, recording);
            }
            finally
            {
                if (recorder is not null)
                {
                    await recorder.DisposeAsync().ConfigureAwait(false);
                }
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

    private async Task<(DateTimeOffset StartedAt, TimeSpan Elapsed, string EndReason)> WatchAsync(
        ViewerSession session, RtcPeerConnection connection, ViewerParent parent, IProgress<ViewerProgress>? progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TickInterval, _time);
        var connectedAt = _time.GetTimestamp();
        long watchStart = 0;
        var startedAt = DateTimeOffset.MinValue;
        var lastProgress = 0L;
        var previous = session.Snapshot();
        var endReason = "duration reached";
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                session.OnTick();
                if (watchStart == 0)
                {
                    // The clock starts at the first complete video frame, so "--duration 10s" means 10 s of picture.
                    if (session.Snapshot().Video.Frames > 0)
                    {
                        watchStart = lastProgress = _time.GetTimestamp();
                        startedAt = _time.GetUtcNow();
                    }
                    else if (_time.GetElapsedTime(connectedAt) > _options.MediaTimeout)
                    {
                        throw new ViewerException(ViewerFailure.ConnectionFailed, session.HasMedia
                            ? $"connected to {parent.Description} but no complete video frame arrived within {_options.MediaTimeout.TotalSeconds:0} s"
                            : $"connected to {parent.Description} but no media arrived within {_options.MediaTimeout.TotalSeconds:0} s");
                    }

                    continue;
                }

                if (connection.State is PeerConnectionState.Failed or PeerConnectionState.Closed)
                {
                    endReason = $"connection to the parent lost: {connection.FailureReason ?? connection.State.ToString()}";
                    break;
                }

                var elapsed = _time.GetElapsedTime(watchStart);
                if (progress is not null && _time.GetElapsedTime(lastProgress) >= _options.ProgressInterval)
                {
                    var current = session.Snapshot();
                    progress.Report(CreateProgress(elapsed, _time.GetElapsedTime(lastProgress), previous, current, parent));
                    previous = current;
                    lastProgress = _time.GetTimestamp();
                }

                if (_options.Duration is { } duration && elapsed >= duration)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && watchStart != 0)
        {
            endReason = "stopped by the user";
        }

        return (startedAt, _time.GetElapsedTime(watchStart), endReason);
    }

    private static ViewerProgress CreateProgress(TimeSpan elapsed, TimeSpan interval, ViewerSessionSnapshot previous, ViewerSessionSnapshot current, ViewerParent parent)
    {
        var seconds = Math.Max(interval.TotalSeconds, 0.001);
        var bytes = current.Bytes - previous.Bytes;
        var received = (current.Video.Packets - previous.Video.Packets) + (current.Audio.Packets - previous.Audio.Packets);
        var lost = (current.Video.NetworkLost - previous.Video.NetworkLost) + (current.Audio.NetworkLost - previous.Audio.NetworkLost);
        var loss = received + lost > 0 ? 100.0 * Math.Max(0, lost) / (received + Math.Max(0, lost)) : 0;
        return new ViewerProgress(elapsed, bytes * 8 / seconds / 1000, loss, current.LastLatencyMilliseconds, current.Video.Frames, current.Audio.Gaps, parent.Description);
    }

    private async Task<RecordingReport> FinishRecordingAsync(MediaRecorder recorder, ViewerSession session)
    {
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

        return new RecordingReport(recorder.Path, recorder.Container, recorder.VideoFrames, (double)recorder.AudioSamples / MediaRecorder.SampleRate, session.Snapshot().SilenceSamplesInserted, error);
    }

    private static ViewerReport BuildReport(ViewerParent parent, ViewerSessionSnapshot snapshot, DateTimeOffset startedAt, TimeSpan elapsed, string endReason, RecordingReport? recording)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 0.001);
        return new ViewerReport(
            parent.WhepUrl.ToString(),
            startedAt,
            Math.Round(elapsed.TotalSeconds, 3),
            snapshot.Bytes,
            Math.Round(snapshot.Bytes * 8 / seconds / 1000, 1),
            endReason,
            snapshot.Video,
            snapshot.Audio,
            snapshot.Latency,
            recording);
    }

    [LoggerMessage(EventId = 2120, Level = LogLevel.Information, Message = "Viewer connected to {Url}, video {Codec}")]
    private static partial void LogConnected(ILogger logger, Uri url, string codec);

    [LoggerMessage(EventId = 2121, Level = LogLevel.Warning, Message = "Recording {Path} failed: {Error}")]
    private static partial void LogRecordingFailed(ILogger logger, string path, string error);
}
