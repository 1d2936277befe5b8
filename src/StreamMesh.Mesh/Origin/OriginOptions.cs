using StreamMesh.Mesh.Hosting;
using StreamMesh.Media.Sources;

namespace StreamMesh.Mesh.Origin;

/// <summary>
/// What an origin pulls and how it encodes it (section <c>Origin</c>). The top-level properties describe one
/// stream (what the command line sets); <see cref="Streams"/>, when not empty, lists several streams instead,
/// each with the same properties, and the top-level stream is then not served.
/// </summary>
public sealed record OriginOptions : IValidatedOptions
{
    public const string Section = "Origin";

    /// <summary>The <see cref="Source"/> of a stream that a WHIP publisher (browser, OBS) pushes to <c>POST /whip/{stream}</c>.</summary>
    public const string WhipSource = "whip";

    /// <summary>Stream name viewers ask for: <c>/whep/{stream}</c>, <c>/watch/{stream}</c>.</summary>
    public string Stream { get; init; } = "demo";

    /// <summary>
    /// <c>testsrc</c>, a file path or <c>file://</c> URI, <c>rtmp://</c> (add <c>?listen=1</c> to let an encoder push),
    /// <c>srt://</c> (add <c>?mode=listener</c> to let the encoder call), <c>rtsp://</c>, <c>http(s)://</c> (HLS, MP4, TS),
    /// or <c>whip</c>: a WHIP publisher pushes WebRTC to <c>POST /whip/{stream}</c>.
    /// </summary>
    public string Source { get; init; } = "testsrc";

    /// <summary>Video codec sent to viewers: <c>h264</c> or <c>vp8</c>.</summary>
    public string Video { get; init; } = "h264";

    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    public int Fps { get; init; } = 30;

    public int VideoBitrateKbps { get; init; } = 2500;

    public int AudioBitrateKbps { get; init; } = 96;

    /// <summary>
    /// Opus encoder complexity 0..10 (Concentus, managed). 10 is best quality; each step down saves CPU on
    /// every stream's audio, which dominates the origin's cost when video is passed through (docs/ingest.md).
    /// </summary>
    public int AudioComplexity { get; init; } = 10;

    /// <summary>
    /// Opus in-band FEC (RFC 6716 §2.1.7, LBRR) for an expected 10% loss. Off by default: FEC exists only in Opus's
    /// SILK layer, so asking for it moves music at 96 kbit/s from CELT to hybrid mode, which doubles the encoder's CPU
    /// (Concentus: about 0.9 → 1.8% of a core) and spends bits on speech coding. Turn it on for speech streams whose
    /// viewers sit behind lossy links.
    /// </summary>
    public bool AudioFec { get; init; }

    /// <summary>Seconds between keyframes; a new viewer starts from the cached keyframe, and PLI is answered by the next one.</summary>
    public double KeyframeIntervalSeconds { get; init; } = 1;

    /// <summary>Loop a file source forever (ignored for live sources).</summary>
    public bool Loop { get; init; } = true;

    /// <summary>
    /// <c>auto</c> copies H.264 that browsers decode without B-frames when the source can be probed,
    /// <c>never</c> always transcodes, <c>always</c> always copies (the operator vouches for the source).
    /// </summary>
    public string Passthrough { get; init; } = "auto";

    /// <summary>RTP transport for <c>rtsp://</c> sources: <c>tcp</c> or <c>udp</c>.</summary>
    public string RtspTransport { get; init; } = "tcp";

    /// <summary>Longest wait between attempts to reopen a failed source; the first retry comes after a quarter second.</summary>
    public double RetryMaxBackoffSeconds { get; init; } = 1;

    /// <summary>
    /// For a <c>whip</c> source: the bearer token a publisher must send (<c>Authorization: Bearer …</c>, RFC 9725 §4.5).
    /// Null or empty lets anyone publish — only for a closed network.
    /// </summary>
    public string? PublishToken { get; init; }

    /// <summary>True when a WHIP publisher feeds this stream instead of a pulled source.</summary>
    public bool IsWhip => string.Equals(Source, WhipSource, StringComparison.OrdinalIgnoreCase);

    /// <summary>Several streams, each configured like the top level; replaces the top-level stream when not empty.</summary>
    public IReadOnlyList<OriginOptions> Streams { get; init; } = [];

    /// <summary>The streams this origin serves: <see cref="Streams"/>, or this one.</summary>
    public IReadOnlyList<OriginOptions> EffectiveStreams => Streams.Count > 0 ? Streams : [this];

    public void Validate()
    {
        if (Streams.Count == 0)
        {
            ValidateStream("Origin:");
            return;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Streams.Count; i++)
        {
            var stream = Streams[i];
            var prefix = $"Origin:Streams:{i}:";
            if (stream.Streams.Count > 0)
            {
                throw new ArgumentException($"{prefix}Streams must be empty: streams do not nest");
            }

            stream.ValidateStream(prefix);
            if (!names.Add(stream.Stream))
            {
                throw new ArgumentException($"{prefix}Stream '{stream.Stream}' is listed twice");
            }
        }
    }

    /// <summary>The media source settings of this stream.</summary>
    public MediaSourceOptions ToSourceOptions() => new()
    {
        Uri = Source,
        VideoCodec = Video == "vp8" ? SourceVideoCodec.VP8 : SourceVideoCodec.H264,
        Width = Width,
        Height = Height,
        FrameRate = Fps,
        VideoBitrateKbps = VideoBitrateKbps,
        KeyframeInterval = TimeSpan.FromSeconds(KeyframeIntervalSeconds),
        Loop = Loop,
        Passthrough = Passthrough switch { "always" => VideoPassthrough.Always, "never" => VideoPassthrough.Never, _ => VideoPassthrough.Auto },
        RtspTransport = RtspTransport == "udp" ? Media.Sources.RtspTransport.Udp : Media.Sources.RtspTransport.Tcp,
    };

    private void ValidateStream(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Stream) || Stream.Length > 64 || !Stream.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"{prefix}Stream must be 1-64 characters of letters, digits, '-', '_' or '.' (got '{Stream}')");
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new ArgumentException($"{prefix}Source is required: testsrc, a file path, or an rtmp/srt/rtsp/http(s) URI");
        }

        if (Video is not ("h264" or "vp8"))
        {
            throw new ArgumentException($"{prefix}Video must be h264 or vp8 (got '{Video}')");
        }

        if (Width is < 16 or > 3840 || Height is < 16 or > 2160 || Width % 2 != 0 || Height % 2 != 0)
        {
            throw new ArgumentException($"{prefix}Width/Height must be even and at most 3840x2160 (got {Width}x{Height})");
        }

        if (Fps is < 1 or > 60)
        {
            throw new ArgumentException($"{prefix}Fps must be 1..60 (got {Fps})");
        }

        if (VideoBitrateKbps is < 100 or > 20000 || AudioBitrateKbps is < 6 or > 510)
        {
            throw new ArgumentException($"{prefix}VideoBitrateKbps must be 100..20000 and {prefix}AudioBitrateKbps 6..510");
        }

        if (AudioComplexity is < 0 or > 10)
        {
            throw new ArgumentException($"{prefix}AudioComplexity must be 0..10 (got {AudioComplexity})");
        }

        if (KeyframeIntervalSeconds is < 0.2 or > 2)
        {
            throw new ArgumentException($"{prefix}KeyframeIntervalSeconds must be 0.2..2 (got {KeyframeIntervalSeconds})");
        }

        if (Passthrough is not ("auto" or "never" or "always"))
        {
            throw new ArgumentException($"{prefix}Passthrough must be auto, never or always (got '{Passthrough}')");
        }

        if (RtspTransport is not ("tcp" or "udp"))
        {
            throw new ArgumentException($"{prefix}RtspTransport must be tcp or udp (got '{RtspTransport}')");
        }

        if (RetryMaxBackoffSeconds is < 0.25 or > 60)
        {
            throw new ArgumentException($"{prefix}RetryMaxBackoffSeconds must be 0.25..60 (got {RetryMaxBackoffSeconds})");
        }

        if (PublishToken is { Length: > 0 } token && (token.Length > 256 || !token.All(c => c is > ' ' and < (char)127)))
        {
            throw new ArgumentException($"{prefix}PublishToken must be 1-256 printable ASCII characters without spaces");
        }

        if (IsWhip)
        {
            return;
        }

        try
        {
            ToSourceOptions().Validate();
        }
        catch (ArgumentException exception)
        {
            throw new ArgumentException($"{prefix}Source '{Source}': {exception.Message}", exception);
        }
    }
}
