using StreamMesh.Mesh.Hosting;

namespace StreamMesh.Mesh.Origin;

/// <summary>What an origin pulls and how it encodes it (section <c>Origin</c>).</summary>
public sealed record OriginOptions : IValidatedOptions
{
    public const string Section = "Origin";

    /// <summary>Stream name viewers ask for: <c>/whep/{stream}</c>, <c>/watch/{stream}</c>.</summary>
    public string Stream { get; init; } = "demo";

    /// <summary><c>testsrc</c>, a file path or <c>file://</c> URI.</summary>
    public string Source { get; init; } = "testsrc";

    /// <summary>Video codec sent to viewers: <c>h264</c> or <c>vp8</c>.</summary>
    public string Video { get; init; } = "h264";

    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 720;

    public int Fps { get; init; } = 30;

    public int VideoBitrateKbps { get; init; } = 2500;

    public int AudioBitrateKbps { get; init; } = 96;

    /// <summary>Seconds between keyframes; a new viewer starts from the cached keyframe, and PLI is answered by the next one.</summary>
    public double KeyframeIntervalSeconds { get; init; } = 1;

    /// <summary>Loop a file source forever (ignored for live sources).</summary>
    public bool Loop { get; init; } = true;

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Stream) || Stream.Length > 64 || !Stream.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new ArgumentException($"Origin:Stream must be 1-64 characters of letters, digits, '-', '_' or '.' (got '{Stream}')");
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new ArgumentException("Origin:Source is required: testsrc, a file path or file:// URI");
        }

        if (Video is not ("h264" or "vp8"))
        {
            throw new ArgumentException($"Origin:Video must be h264 or vp8 (got '{Video}')");
        }

        if (Width is < 16 or > 3840 || Height is < 16 or > 2160 || Width % 2 != 0 || Height % 2 != 0)
        {
            throw new ArgumentException($"Origin:Width/Height must be even and at most 3840x2160 (got {Width}x{Height})");
        }

        if (Fps is < 1 or > 60)
        {
            throw new ArgumentException($"Origin:Fps must be 1..60 (got {Fps})");
        }

        if (VideoBitrateKbps is < 100 or > 20000 || AudioBitrateKbps is < 6 or > 510)
        {
            throw new ArgumentException("Origin:VideoBitrateKbps must be 100..20000 and Origin:AudioBitrateKbps 6..510");
        }

        if (KeyframeIntervalSeconds is < 0.2 or > 2)
        {
            throw new ArgumentException($"Origin:KeyframeIntervalSeconds must be 0.2..2 (got {KeyframeIntervalSeconds})");
        }
    }
}
