namespace StreamMesh.Media.Sources;

/// <summary>
/// What an <see cref="FfmpegMediaSource"/> pulls and how it encodes it. Immutable; call <see cref="Validate"/>
/// (the source does) before use. Audio is always PCM s16le at <see cref="AudioSampleRate"/> Hz stereo.
/// </summary>
public sealed record MediaSourceOptions
{
    /// <summary>URI that selects the generated test pattern.</summary>
    public const string TestPatternUri = "testsrc";

    /// <summary>Audio sample rate; Opus runs at 48 kHz (RFC 7587 §4.1).</summary>
    public const int AudioSampleRate = 48_000;

    /// <summary>Audio channel count (interleaved stereo).</summary>
    public const int AudioChannels = 2;

    /// <summary>Longest keyframe interval allowed: a viewer joining mid-stream waits at most this long for a picture.</summary>
    public static readonly TimeSpan MaxKeyframeInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// "testsrc", a local file path, a file:// URI, rtmp(s):// (pull, or listen with <c>?listen=1</c>), srt:// (caller,
    /// or listener with <c>?mode=listener</c>), rtsp(s):// or http(s):// (HLS playlist, MP4 or MPEG-TS).
    /// </summary>
    public required string Uri { get; init; }

    /// <summary>Video codec to encode to.</summary>
    public SourceVideoCodec VideoCodec { get; init; } = SourceVideoCodec.H264;

    /// <summary>Output width in pixels (even). Inputs are scaled and letterboxed to fit.</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Output height in pixels (even).</summary>
    public int Height { get; init; } = 720;

    /// <summary>Output frame rate; the output is constant frame rate whatever the input does.</summary>
    public int FrameRate { get; init; } = 30;

    /// <summary>Target video bitrate in kbit/s, also used as the rate-control cap and a one-second buffer.</summary>
    public int VideoBitrateKbps { get; init; } = 2_500;

    /// <summary>Keyframe (IDR) interval; at most <see cref="MaxKeyframeInterval"/>.</summary>
    public TimeSpan KeyframeInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the source's H.264 is copied instead of re-encoded (H.264 output only).</summary>
    public VideoPassthrough Passthrough { get; init; } = VideoPassthrough.Never;

    /// <summary>RTP transport for rtsp:// sources.</summary>
    public RtspTransport RtspTransport { get; init; } = RtspTransport.Tcp;

    /// <summary>Loop a file source forever instead of stopping at its end. Ignored for other kinds.</summary>
    public bool Loop { get; init; }

    /// <summary>Folder holding the ffmpeg and ffprobe binaries.</summary>
    public string FfmpegBinaryFolder { get; init; } = "/usr/bin";

    /// <summary>
    /// Font for the test pattern's clock overlay. When null or missing the pattern shows only its own
    /// built-in timecode (testsrc2 draws one in its top-left corner).
    /// </summary>
    public string? ClockFontFile { get; init; } = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf";

    /// <summary>Video frames buffered for a slow consumer before the oldest is dropped.</summary>
    public int VideoQueueCapacity { get; init; } = 30;

    /// <summary>20 ms audio frames buffered for a slow consumer before the oldest is dropped.</summary>
    public int AudioQueueCapacity { get; init; } = 50;

    /// <summary>The kind of input <see cref="Uri"/> names.</summary>
    public MediaSourceKind Kind => Classify(Uri);

    /// <summary>Keyframe interval in frames at <see cref="FrameRate"/> (ffmpeg's -g).</summary>
    public int KeyframeIntervalFrames => Math.Max(1, (int)Math.Round(KeyframeInterval.TotalSeconds * FrameRate));

    /// <summary>Absolute local path for a <see cref="MediaSourceKind.File"/> source; null for other kinds.</summary>
    public string? FilePath
    {
        get
        {
            if (Kind != MediaSourceKind.File)
            {
                return null;
            }

            var path = Uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
                ? new System.Uri(Uri, UriKind.Absolute).LocalPath
                : Uri;
            return Path.GetFullPath(path);
        }
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Uri))
        {
            throw new ArgumentException("Uri must name a source: 'testsrc', a file path or a file:// URI.", nameof(Uri));
        }

        ValidateUri();
        if (!Enum.IsDefined(VideoCodec))
        {
            throw new ArgumentException($"VideoCodec {VideoCodec} is not supported; use H264 or VP8.", nameof(VideoCodec));
        }

        if (!Enum.IsDefined(Passthrough) || !Enum.IsDefined(RtspTransport))
        {
            throw new ArgumentException($"Passthrough {Passthrough} or RtspTransport {RtspTransport} is not a defined value.", nameof(Passthrough));
        }

        if (Width is < 16 or > 4096 || Width % 2 != 0)
        {
            throw new ArgumentException($"Width must be even and within 16..4096, was {Width}.", nameof(Width));
        }

        if (Height is < 16 or > 4096 || Height % 2 != 0)
        {
            throw new ArgumentException($"Height must be even and within 16..4096, was {Height}.", nameof(Height));
        }

        if (FrameRate is < 1 or > 60)
        {
            throw new ArgumentException($"FrameRate must be within 1..60, was {FrameRate}.", nameof(FrameRate));
        }

        if (VideoBitrateKbps is < 50 or > 50_000)
        {
            throw new ArgumentException($"VideoBitrateKbps must be within 50..50000, was {VideoBitrateKbps}.", nameof(VideoBitrateKbps));
        }

        if (KeyframeInterval <= TimeSpan.Zero || KeyframeInterval > MaxKeyframeInterval)
        {
            throw new ArgumentException(
                $"KeyframeInterval must be greater than zero and at most {MaxKeyframeInterval.TotalSeconds} s, was {KeyframeInterval}.",
                nameof(KeyframeInterval));
        }

        if (VideoCodec == SourceVideoCodec.H264 && H264Level.Select(Width, Height, FrameRate, VideoBitrateKbps) is null)
        {
            throw new ArgumentException($"{Width}x{Height}@{FrameRate} at {VideoBitrateKbps} kbit/s exceeds every H.264 level.", nameof(Width));
        }

        if (string.IsNullOrWhiteSpace(FfmpegBinaryFolder))
        {
            throw new ArgumentException("FfmpegBinaryFolder must name the folder holding ffmpeg and ffprobe.", nameof(FfmpegBinaryFolder));
        }

        if (VideoQueueCapacity is < 1 or > 1_000)
        {
            throw new ArgumentException($"VideoQueueCapacity must be within 1..1000, was {VideoQueueCapacity}.", nameof(VideoQueueCapacity));
        }

        if (AudioQueueCapacity is < 1 or > 1_000)
        {
            throw new ArgumentException($"AudioQueueCapacity must be within 1..1000, was {AudioQueueCapacity}.", nameof(AudioQueueCapacity));
        }
    }

    private void ValidateUri()
    {
        var kind = Kind;
        if (kind == MediaSourceKind.TestPattern)
        {
            return;
        }

        if (kind != MediaSourceKind.File)
        {
            if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
            {
                throw new ArgumentException($"Uri '{Uri}' is not a valid {kind} URI.", nameof(Uri));
            }

            return;
        }

        var isFileUri = Uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (!isFileUri && Uri.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Uri '{Uri}' has a scheme StreamMesh does not recognise.", nameof(Uri));
        }

        if (isFileUri && !System.Uri.TryCreate(Uri, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"Uri '{Uri}' is not a valid file:// URI.", nameof(Uri));
        }

        // FFMpegCore passes the path inside double quotes on one command line; a quote inside would split it.
        if (FilePath!.Contains('"', StringComparison.Ordinal))
        {
            throw new ArgumentException($"File path '{FilePath}' contains a double quote, which cannot be passed to ffmpeg.", nameof(Uri));
        }
    }

    private static MediaSourceKind Classify(string uri)
    {
        if (string.Equals(uri, TestPatternUri, StringComparison.OrdinalIgnoreCase))
        {
            return MediaSourceKind.TestPattern;
        }

        var colon = uri.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return MediaSourceKind.File;
        }

        return uri[..colon].ToUpperInvariant() switch
        {
            "RTMP" or "RTMPS" => MediaSourceKind.Rtmp,
            "RTSP" or "RTSPS" => MediaSourceKind.Rtsp,
            "SRT" => MediaSourceKind.Srt,
            "HTTP" or "HTTPS" => MediaSourceKind.Http,
            _ => MediaSourceKind.File,
        };
    }
}
