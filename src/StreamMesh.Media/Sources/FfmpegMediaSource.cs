using System.Threading.Channels;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Media.Sources;

/// <summary>
/// A live source pulled through one ffmpeg process, run by FFMpegCore's argument processor: video is encoded
/// (H.264 or VP8) and delivered as <see cref="EncodedVideoFrame"/>s, audio as 20 ms <see cref="PcmAudioFrame"/>s.
/// </summary>
/// <remarks>
/// <para>
/// Transport: ffmpeg writes two outputs from the one process to two FFMpegCore pipe sinks (Unix domain sockets
/// on Linux). Two raw outputs were chosen over one multiplexed stream (NUT, MPEG-TS) because ffmpeg encodes each
/// output independently, so neither stream waits in a muxer interleaving queue for the other, and the outputs
/// need no demuxer: IVF and raw PCM frame themselves and H.264 carries access unit delimiters. The price is that
/// raw H.264 and PCM carry no timestamps; both outputs are made gap-free and constant-rate by ffmpeg (fps filter,
/// aresample async) so frame counts are exact timestamps, and both start at zero, which keeps them in sync.
/// </para>
/// <para>
/// Threading: each output is read on its own task. Frames go into bounded channels (<see cref="VideoFrames"/>,
/// <see cref="AudioFrames"/>) that drop the oldest frame when a consumer falls behind (counted in
/// <see cref="VideoFramesDropped"/> / <see cref="AudioFramesDropped"/>; a dropped video frame breaks decoding
/// until the next keyframe, at most <see cref="MediaSourceOptions.KeyframeInterval"/> away). Any number of
/// consumers may read; whoever reads a frame owns it and must dispose it. The channels complete when ffmpeg
/// ends — with the <see cref="MediaSourceException"/> if it failed. <see cref="StateChanged"/> is raised on the
/// thread that caused the transition (a thread-pool thread or the caller of <see cref="StartAsync"/>); handlers
/// must return quickly.
/// </para>
/// </remarks>
public sealed class FfmpegMediaSource : IAsyncDisposable
{
    /// <summary>How long disposal waits for ffmpeg to exit after killing it.</summary>
    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(5);

    private readonly MediaSourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IFfmpegInputBuilder _inputBuilder;
    private readonly SourceClock _clock;
    private readonly LiveFrameQueue<EncodedVideoFrame> _video;
    private readonly LiveFrameQueue<PcmAudioFrame> _audio;
    private readonly FfmpegStderrMonitor _stderr;
    private readonly FfmpegProgressParser _progressParser = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly TaskCompletionSource _firstVideoFrame = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stateGate = new();
    private MediaSourceState _state = MediaSourceState.Created;
    private MediaSourceException? _outputFailure;
    private MediaSourceException? _stateFailure;
    private Task _processing = Task.CompletedTask;
    private FfmpegProgress? _progress;
    private string? _arguments;
    private FfmpegInputPlan? _plan;
    private int _disposed;

    /// <summary>Creates a source; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <param name="options">What to pull; validated here.</param>
    /// <param name="timeProvider">Clock for capture times; defaults to <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">Logger; defaults to <see cref="NullLogger.Instance"/>.</param>
    /// <param name="inputBuilder">Builds the ffmpeg inputs; defaults to <see cref="UriInputBuilder"/>.</param>
    public FfmpegMediaSource(MediaSourceOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, IFfmpegInputBuilder? inputBuilder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _inputBuilder = inputBuilder ?? new UriInputBuilder(_logger);
        _clock = new SourceClock(_timeProvider);
        _video = new LiveFrameQueue<EncodedVideoFrame>(options.VideoQueueCapacity);
        _audio = new LiveFrameQueue<PcmAudioFrame>(options.AudioQueueCapacity);
        _stderr = new FfmpegStderrMonitor(options.Uri, _logger, _timeProvider);
    }

    /// <summary>Raised on every state transition.</summary>
    public event EventHandler<MediaSourceStateChangedEventArgs>? StateChanged;

    /// <summary>The source URI, used in logs and exception messages.</summary>
    public string Name => _options.Uri;

    /// <summary>The validated options.</summary>
    public MediaSourceOptions Options => _options;

    /// <summary>Current lifecycle state.</summary>
    public MediaSourceState State
    {
        get
        {
            lock (_stateGate)
            {
                return _state;
            }
        }
    }

    /// <summary>Encoded video access units, oldest first.</summary>
    public ChannelReader<EncodedVideoFrame> VideoFrames => _video.Reader;

    /// <summary>20 ms PCM frames, oldest first.</summary>
    public ChannelReader<PcmAudioFrame> AudioFrames => _audio.Reader;

    /// <summary>Completes (never faults) when the source reaches <see cref="MediaSourceState.Stopped"/> or <see cref="MediaSourceState.Failed"/>.</summary>
    public Task Completion => _completion.Task;

    /// <summary>The last error line ffmpeg printed, if any.</summary>
    public string? LastError => _stderr.LastError;

    /// <summary>ffmpeg's latest progress report (about once a second; after ffmpeg exits, its final report).</summary>
    public FfmpegProgress? Progress => Volatile.Read(ref _progress);

    /// <summary>The ffmpeg command line (without the binary) once started, for diagnostics.</summary>
    public string? Arguments => Volatile.Read(ref _arguments);

    /// <summary>The input plan once built: whether the video is passed through, and why.</summary>
    public FfmpegInputPlan? Plan => Volatile.Read(ref _plan);

    /// <summary>True when the source's video is copied rather than re-encoded.</summary>
    public bool IsPassthrough => Plan?.PassthroughFrameRate is not null;

    /// <summary>Video frames handed to <see cref="VideoFrames"/>.</summary>
    public long VideoFramesQueued => _video.Written;

    /// <summary>Video frames discarded because consumers fell behind.</summary>
    public long VideoFramesDropped => _video.Dropped;

    /// <summary>Audio frames handed to <see cref="AudioFrames"/>.</summary>
    public long AudioFramesQueued => _audio.Written;

    /// <summary>Audio frames discarded because consumers fell behind.</summary>
    public long AudioFramesDropped => _audio.Dropped;

    /// <summary>
    /// Checks the input, starts ffmpeg and returns once the first video frame has been read. Throws
    /// <see cref="MediaSourceException"/> (state <see cref="MediaSourceState.Failed"/>) when ffmpeg is missing, the
    /// input cannot be used, or ffmpeg exits before producing video; cancelling stops ffmpeg.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!TryTransition(MediaSourceState.Created, MediaSourceState.Starting))
        {
            throw new InvalidOperationException($"Media source '{Name}' has already been started.");
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token);
        try
        {
            var ffOptions = new FFOptions { BinaryFolder = _options.FfmpegBinaryFolder };
            var ffmpeg = Path.Combine(_options.FfmpegBinaryFolder, "ffmpeg");
            if (!File.Exists(ffmpeg))
            {
                throw new MediaSourceException(Name, MediaSourceError.BinaryMissing, $"ffmpeg not found at '{ffmpeg}'.");
            }

            var plan = await _inputBuilder.BuildAsync(_options, ffOptions, linked.Token).ConfigureAwait(false);
            Volatile.Write(ref _plan, plan);
            var listener = FfmpegProgressListener.Listen();
            FFMpegArgumentProcessor processor;
            try
            {
                processor = FfmpegSourceCommand.Create(_options, plan, listener.Url, ReadVideoAsync, ReadAudioAsync, _stderr.OnLine, _shutdown.Token);
            }
            catch
            {
                listener.Dispose();
                throw;
            }

            Volatile.Write(ref _arguments, processor.Arguments);
            MediaSourceLog.Starting(_logger, Name, processor.Arguments);
            _processing = RunAsync(processor, ffOptions, listener);

            var first = await Task.WhenAny(_firstVideoFrame.Task, _processing).WaitAsync(linked.Token).ConfigureAwait(false);
            if (first != _firstVideoFrame.Task)
            {
                throw FailureOrDefault(new MediaSourceException(
                    Name, MediaSourceError.CannotOpenInput, $"ffmpeg ended before producing a video frame: {LastError ?? "no error message"}"));
            }

            if (TryTransition(MediaSourceState.Starting, MediaSourceState.Running))
            {
                MediaSourceLog.Running(_logger, Name);
            }
        }
        catch (MediaSourceException exception)
        {
            await StopProcessAsync().ConfigureAwait(false);
            Finish(exception);
            throw;
        }
        catch (OperationCanceledException)
        {
            await StopProcessAsync().ConfigureAwait(false);
            Finish(null);
            throw;
        }
        catch (Exception exception) when (exception is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            var failure = new MediaSourceException(Name, MediaSourceError.ProcessFailed, $"could not set up ffmpeg: {exception.Message}", exception);
            await StopProcessAsync().ConfigureAwait(false);
            Finish(failure);
            throw failure;
        }
    }

    /// <summary>Kills ffmpeg (no grace period: a live source has nothing to finalise), waits for it to exit and releases unread frames.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // _shutdown stays undisposed: a StartAsync racing with disposal may still read its token, and a
        // CancellationTokenSource without a timer holds nothing that needs releasing.
        await StopProcessAsync().ConfigureAwait(false);
        Finish(null);
        _video.DisposeUnread();
        _audio.DisposeUnread();
    }

    private async Task RunAsync(FFMpegArgumentProcessor processor, FFOptions ffOptions, FfmpegProgressListener listener)
    {
        using var progressStop = new CancellationTokenSource();
        var progressTask = listener.RunAsync(OnProgressLine, progressStop.Token);
        MediaSourceException? failure = null;
        var exitCode = -1;
        try
        {
            var result = await processor.ProcessAsynchronously(throwOnError: false, ffOptions).ConfigureAwait(false);
            exitCode = result.ExitCode;
            if (exitCode != 0 && !_shutdown.IsCancellationRequested)
            {
                failure = ProcessFailure($"ffmpeg exited with code {exitCode}: {LastError ?? "no error message"}");
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // FFMpegCore throws when it cannot start ffmpeg at all, or when cancelled before the start.
            if (!_shutdown.IsCancellationRequested)
            {
                failure = ProcessFailure($"ffmpeg could not run: {exception.Message}", exception);
            }
        }
        finally
        {
            await progressStop.CancelAsync().ConfigureAwait(false);
            await progressTask.ConfigureAwait(false);
            listener.Dispose();
        }

        if (failure is null && !_firstVideoFrame.Task.IsCompleted && !_shutdown.IsCancellationRequested)
        {
            failure = new MediaSourceException(Name, MediaSourceError.CannotOpenInput, $"ffmpeg ended without producing a video frame: {LastError ?? "no error message"}");
        }

        if (_stderr.FinalStats is { } finalStats)
        {
            Volatile.Write(ref _progress, finalStats);
        }

        failure = Volatile.Read(ref _outputFailure) ?? failure;
        if (failure is null)
        {
            MediaSourceLog.Stopped(_logger, Name, exitCode);
        }

        Finish(failure);
    }

    // The sinks read with the source's own token, not FFMpegCore's: FFMpegCore cancels its token the moment
    // ffmpeg exits, which would discard the frames still buffered in the socket. ffmpeg's exit closes the
    // socket, so the readers end at end-of-stream.
    // Each pipe is read on a thread of its own with blocking reads (BlockingPipeStream): one wake-up per
    // ffmpeg write instead of the socket event thread's plus a pool worker's.
    private Task ReadVideoAsync(Stream stream, CancellationToken ffmpegCoreToken)
        => BlockingPipeStream.RunOnOwnThread(() => ReadVideoBlockingAsync(new BlockingPipeStream(stream)), "streammesh-ffmpeg-video");

    private Task ReadAudioAsync(Stream stream, CancellationToken ffmpegCoreToken)
        => BlockingPipeStream.RunOnOwnThread(() => ReadAudioBlockingAsync(new BlockingPipeStream(stream)), "streammesh-ffmpeg-audio");

    private async Task ReadVideoBlockingAsync(Stream stream)
    {
        try
        {
            var problem = _options.VideoCodec == SourceVideoCodec.H264
                ? await new H264PipeReader(Plan?.PassthroughFrameRate ?? _options.FrameRate, _clock, DeliverVideo).ReadAsync(stream, _shutdown.Token).ConfigureAwait(false)
                : await new IvfPipeReader(_clock, DeliverVideo).ReadAsync(stream, _shutdown.Token).ConfigureAwait(false);
            if (problem is not null)
            {
                OnCorruptOutput("video", problem);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped, or the socket broke because ffmpeg was killed.
        }
    }

    private async Task ReadAudioBlockingAsync(Stream stream)
    {
        try
        {
            await new PcmPipeReader(_clock, _audio.Write).ReadAsync(stream, _shutdown.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    private void DeliverVideo(EncodedVideoFrame frame)
    {
        _video.Write(frame);
        if (!_firstVideoFrame.Task.IsCompleted)
        {
            _firstVideoFrame.TrySetResult();
        }
    }

    private void OnCorruptOutput(string output, string problem)
    {
        MediaSourceLog.CorruptOutput(_logger, Name, output, problem);
        var failure = new MediaSourceException(Name, MediaSourceError.CorruptOutput, $"unreadable {output} output from ffmpeg: {problem}");
        Interlocked.CompareExchange(ref _outputFailure, failure, null);

        // A reader that stops reading would stall ffmpeg; kill it instead.
        _shutdown.Cancel();
    }

    private void OnProgressLine(string line)
    {
        if (_progressParser.TryAddProgressLine(line, _clock.Now, out var progress))
        {
            Volatile.Write(ref _progress, progress);
            MediaSourceLog.Progress(_logger, Name, progress.Frame, progress.Fps, progress.Speed);
        }
    }

    // Before the first frame a failing ffmpeg means the input could not be opened; after it, the run broke.
    // An unprobed input (RTMP, SRT) without a video or audio stream surfaces only as ffmpeg's stream-map error:
    // say what is missing in the operator's words.
    private MediaSourceException ProcessFailure(string detail, Exception? inner = null)
    {
        if (_firstVideoFrame.Task.IsCompleted)
        {
            return new MediaSourceException(Name, MediaSourceError.ProcessFailed, detail, inner);
        }

        var lastError = LastError ?? string.Empty;
        if (lastError.Contains("matches no streams", StringComparison.Ordinal))
        {
            return lastError.Contains(":v", StringComparison.Ordinal)
                ? new MediaSourceException(Name, MediaSourceError.NoVideoStream, $"the input has no video stream; {detail}", inner)
                : new MediaSourceException(Name, MediaSourceError.CannotOpenInput, $"the input has no audio stream (RTMP and SRT sources must carry audio); {detail}", inner);
        }

        return new MediaSourceException(Name, MediaSourceError.CannotOpenInput, $"ffmpeg could not open or read the input; {detail}", inner);
    }

    private MediaSourceException FailureOrDefault(MediaSourceException fallback)
    {
        lock (_stateGate)
        {
            return _stateFailure ?? fallback;
        }
    }

    private async Task StopProcessAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await _processing.WaitAsync(ExitTimeout, _timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            MediaSourceLog.ExitTimeout(_logger, Name, ExitTimeout);
        }
    }

    private bool TryTransition(MediaSourceState from, MediaSourceState to)
    {
        lock (_stateGate)
        {
            if (_state != from)
            {
                return false;
            }

            _state = to;
        }

        StateChanged?.Invoke(this, new MediaSourceStateChangedEventArgs(from, to, null));
        return true;
    }

    /// <summary>Moves to Failed (with <paramref name="failure"/>) or Stopped, once; completes the channels.</summary>
    private void Finish(MediaSourceException? failure)
    {
        MediaSourceState previous;
        var next = failure is null ? MediaSourceState.Stopped : MediaSourceState.Failed;
        lock (_stateGate)
        {
            if (_state is MediaSourceState.Stopped or MediaSourceState.Failed)
            {
                return;
            }

            previous = _state;
            _state = next;
            _stateFailure = failure;
        }

        if (failure is not null)
        {
            MediaSourceLog.Failed(_logger, Name, failure);
        }

        _video.Complete(failure);
        _audio.Complete(failure);
        StateChanged?.Invoke(this, new MediaSourceStateChangedEventArgs(previous, next, failure));
        _completion.TrySetResult();
    }
}
