using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamMesh.Media.Audio;
using StreamMesh.Media.Payload;
using StreamMesh.Media.Payload.H264;
using StreamMesh.Media.Payload.Opus;
using StreamMesh.Media.Payload.Vp8;
using StreamMesh.Media.Sources;
using StreamMesh.Mesh.Streams;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// Runs one origin stream: pulls the source through ffmpeg, encodes audio to Opus with Concentus,
/// packetizes both into RTP and publishes them to the stream's fan-out. When ffmpeg fails it is
/// restarted with backoff while viewers stay connected.
/// </summary>
public sealed partial class OriginService : BackgroundService
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly OriginOptions _options;
    private readonly StreamRegistry _streams;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly LiveStream _stream;

    public OriginService(IOptions<OriginOptions> options, StreamRegistry streams, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _streams = streams;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<OriginService>();
        var isVp8 = _options.Video == "vp8";
        var video = new StreamTrack(MediaKind.Video, isVp8 ? "VP8" : "H264", 90_000, 0, RandomSsrc(), RandomSsrc(), isVp8 ? (byte)96 : (byte)102);
        var audio = new StreamTrack(MediaKind.Audio, "opus", 48_000, 2, RandomSsrc(), 0, 111);
        _stream = new LiveStream(_options.Stream, video, audio, time);
        _streams.Add(_stream);
    }

    public LiveStream Stream => _stream;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = _time.GetUtcNow();
            try
            {
                await RunSourceOnceAsync(stoppingToken).ConfigureAwait(false);
                LogSourceEnded(_logger, _options.Stream, _options.Source);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (MediaSourceException ex)
            {
                LogSourceFailed(_logger, _options.Stream, ex.Message);
            }

            // A source that ran for a while gets a quick restart; one that keeps failing backs off.
            backoff = _time.GetUtcNow() - started > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            await Task.Delay(backoff, _time, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RunSourceOnceAsync(CancellationToken cancellationToken)
    {
        var sourceOptions = new MediaSourceOptions
        {
            Uri = _options.Source,
            VideoCodec = _options.Video == "vp8" ? SourceVideoCodec.VP8 : SourceVideoCodec.H264,
            Width = _options.Width,
            Height = _options.Height,
            FrameRate = _options.Fps,
            VideoBitrateKbps = _options.VideoBitrateKbps,
            KeyframeInterval = TimeSpan.FromSeconds(_options.KeyframeIntervalSeconds),
            Loop = _options.Loop,
        };

        await using var source = new FfmpegMediaSource(sourceOptions, _time, _loggers.CreateLogger<FfmpegMediaSource>());
        await source.StartAsync(cancellationToken).ConfigureAwait(false);
        LogSourceStarted(_logger, _options.Stream, _options.Source, _options.Video);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var video = PumpVideoAsync(source, linked.Token);
        var audio = PumpAudioAsync(source, linked.Token);
        var first = await Task.WhenAny(video, audio).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(video, audio).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the other pump ended first; its outcome is what matters
        }

        await first.ConfigureAwait(false);
    }

    private async Task PumpVideoAsync(FfmpegMediaSource source, CancellationToken cancellationToken)
    {
        IRtpPayloader payloader = _options.Video == "vp8" ? new Vp8Payloader() : new H264Payloader();
        var packetizer = new TrackPacketizer(_stream.Video, payloader, (packet, startsKeyframe) => _stream.PublishVideo(packet, startsKeyframe));
        await foreach (var frame in source.VideoFrames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                var timestamp = unchecked((uint)frame.Timestamp);
                _stream.VideoClock.Update(timestamp, frame.CaptureTime);
                packetizer.WriteFrame(frame.Data.Span, timestamp, frame.CaptureTime, frame.IsKeyframe);
            }
        }
    }

    private async Task PumpAudioAsync(FfmpegMediaSource source, CancellationToken cancellationToken)
    {
        using var encoder = new OpusAudioEncoder(OpusEncoderOptions.Music with { Bitrate = _options.AudioBitrateKbps * 1000 });
        var packetizer = new TrackPacketizer(_stream.Audio, new OpusPayloader(), (packet, _) => _stream.PublishAudio(packet));
        var opus = new byte[1275];
        await foreach (var frame in source.AudioFrames.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                var pcm = MemoryMarshal.Cast<byte, short>(frame.Data.Span);
                var length = encoder.Encode(pcm, opus);
                var timestamp = unchecked((uint)frame.Timestamp);
                _stream.AudioClock.Update(timestamp, frame.CaptureTime);
                packetizer.WriteFrame(opus.AsSpan(0, length), timestamp, frame.CaptureTime, keyframe: false);
            }
        }
    }

    public override void Dispose()
    {
        _streams.Remove(_stream.Name);
        _stream.Dispose();
        base.Dispose();
    }

    private static uint RandomSsrc() => (uint)Random.Shared.NextInt64(1, uint.MaxValue);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Stream {Stream}: source {Source} started ({Video})")]
    private static partial void LogSourceStarted(ILogger logger, string stream, string source, string video);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Stream {Stream}: source {Source} ended; restarting")]
    private static partial void LogSourceEnded(ILogger logger, string stream, string source);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "Stream {Stream}: source failed: {Reason}; retrying with backoff, viewers stay connected")]
    private static partial void LogSourceFailed(ILogger logger, string stream, string reason);
}
