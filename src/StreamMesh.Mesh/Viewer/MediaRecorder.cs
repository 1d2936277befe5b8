using System.Runtime.InteropServices;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Mesh.Viewer;

/// <summary>
/// Records received media through one ffmpeg process run by FFMpegCore, with two pipe inputs: the
/// video frames exactly as received (IVF with their RTP timestamps; copied, never re-encoded) and the
/// decoded audio as 48 kHz stereo PCM, which ffmpeg encodes (AAC in MP4, Opus in WebM/Matroska).
/// The audio pipe carries no timestamps: the caller keeps it sample-continuous and aligned with the
/// video through <see cref="RecordingTimeline"/>.
/// </summary>
/// <remarks>
/// MP4 cannot hold VP8 cleanly (no registered sample entry), so a VP8 stream asked into ".mp4" is
/// written to ".webm" instead, and H.264 asked into ".webm" goes to ".mkv"; <see cref="Path"/> is the
/// file actually written. Write* may be called from any thread (the queues are thread-safe).
/// </remarks>
public sealed partial class MediaRecorder : IRecordingSink, IAsyncDisposable
{
    public const int SampleRate = 48_000;
    public const int Channels = 2;

    private static readonly byte[] Silence = new byte[4096 * Channels * sizeof(short)];

    private readonly FramePipeSource _video = new("-f ivf");
    private readonly FramePipeSource _audio = new($"-f s16le -ar {SampleRate} -ac {Channels}");
    private readonly bool _isVp8;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private string? _lastError;
    private Task<bool>? _run;
    private bool _headerWritten;

    public MediaRecorder(string requestedPath, bool isVp8, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedPath);
        _isVp8 = isVp8;
        _logger = logger ?? NullLogger.Instance;
        (Path, Container) = Choose(requestedPath, isVp8);
    }

    /// <summary>The file written (may differ from the requested path in its extension, see remarks).</summary>
    public string Path { get; }

    public RecordingContainer Container { get; }

    public long VideoFrames { get; private set; }

    public long AudioSamples { get; private set; }

    /// <summary>Picks the container: by extension, except that MP4 cannot hold VP8 and WebM cannot hold H.264.</summary>
    public static (string Path, RecordingContainer Container) Choose(string requestedPath, bool isVp8)
    {
        ArgumentNullException.ThrowIfNull(requestedPath);
        var extension = System.IO.Path.GetExtension(requestedPath).ToLowerInvariant();
        return (extension, isVp8) switch
        {
            (".mkv", _) => (requestedPath, RecordingContainer.Matroska),
            (".webm", false) => (System.IO.Path.ChangeExtension(requestedPath, ".mkv"), RecordingContainer.Matroska),
            (".webm", true) => (requestedPath, RecordingContainer.WebM),
            (_, true) => (System.IO.Path.ChangeExtension(requestedPath, ".webm"), RecordingContainer.WebM),
            _ => (requestedPath, RecordingContainer.Mp4),
        };
    }

    /// <summary>Starts ffmpeg; it waits on the pipes until the first frame is written.</summary>
    public void Start()
    {
        if (_run is not null)
        {
            return;
        }

        var audioCodec = Container == RecordingContainer.Mp4 ? "-c:a aac -b:a 128k" : "-c:a libopus -b:a 96k";
        var faststart = Container == RecordingContainer.Mp4 ? " -movflags +faststart" : string.Empty;
        var processor = FFMpegArguments
            .FromPipeInput(_video)
            .AddPipeInput(_audio)
            .OutputToFile(Path, overwrite: true, o => o.WithCustomArgument($"-map 0:v:0 -map 1:a:0 -c:v copy {audioCodec}{faststart}"))
            .NotifyOnStandardError(OnStandardError)
            .CancellableThrough(_abort.Token, TimeSpan.FromSeconds(2));
        LogStarting(_logger, Path, Container);
        _run = RunAsync(processor);
    }

    /// <summary>Queues one video frame (Annex B access unit or VP8 frame) at its 90 kHz presentation time.</summary>
    public void WriteVideo(ReadOnlySpan<byte> frame, long timestamp90kHz)
    {
        Span<byte> header = stackalloc byte[IvfFormat.FileHeaderLength];
        if (!_headerWritten)
        {
            var (width, height) = _isVp8 && IvfFormat.TryReadVp8Size(frame, out var w, out var h) ? (w, h) : (0, 0);
            IvfFormat.WriteFileHeader(header, _isVp8 ? "VP80" : "H264", width, height);
            _video.Write(header);
            _headerWritten = true;
        }

        IvfFormat.WriteFrameHeader(header, frame.Length, timestamp90kHz);
        _video.Write(header[..IvfFormat.FrameHeaderLength]);
        _video.Write(frame);
        VideoFrames++;
    }

    /// <summary>Queues interleaved stereo samples.</summary>
    public void WriteAudio(ReadOnlySpan<short> interleaved)
    {
        _audio.Write(MemoryMarshal.AsBytes(interleaved));
        AudioSamples += interleaved.Length / Channels;
    }

    public void WriteSilence(long samplesPerChannel)
    {
        var bytes = samplesPerChannel * Channels * sizeof(short);
        while (bytes > 0)
        {
            var chunk = (int)Math.Min(bytes, Silence.Length);
            _audio.Write(Silence.AsSpan(0, chunk));
            bytes -= chunk;
        }

        AudioSamples += samplesPerChannel;
    }

    /// <summary>Ends both inputs and waits for ffmpeg to finish the file.</summary>
    /// <returns>Null on success, else why the recording failed.</returns>
    public async Task<string?> CompleteAsync(CancellationToken cancellationToken)
    {
        _video.Complete();
        _audio.Complete();
        if (_run is null)
        {
            return "no video keyframe arrived, so nothing was recorded";
        }

        if (VideoFrames == 0)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await _run.ConfigureAwait(false);
            return "no video frame was received, so nothing was recorded";
        }

        try
        {
            var ok = await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
            return ok ? null : $"ffmpeg failed: {_lastError ?? "no error message"}";
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _video.Complete();
        _audio.Complete();
        await _abort.CancelAsync().ConfigureAwait(false);
        if (_run is not null)
        {
            await _run.ConfigureAwait(false);
        }

        _abort.Dispose();
    }

    private async Task<bool> RunAsync(FFMpegArgumentProcessor processor)
    {
        try
        {
            var result = await processor.ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
            LogFinished(_logger, Path, result.ExitCode);
            return result.ExitCode == 0;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // FFMpegCore throws when ffmpeg cannot start at all, or on cancellation before the start.
            _lastError ??= ex.Message;
            return false;
        }
    }

    private void OnStandardError(string line)
    {
        if (line.Contains("error", StringComparison.OrdinalIgnoreCase) || line.Contains("Invalid", StringComparison.Ordinal))
        {
            _lastError = line;
        }
    }

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Recording to {Path} ({Container})")]
    private static partial void LogStarting(ILogger logger, string path, RecordingContainer container);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Recording {Path} finished: ffmpeg exit code {ExitCode}")]
    private static partial void LogFinished(ILogger logger, string path, int exitCode);
}
