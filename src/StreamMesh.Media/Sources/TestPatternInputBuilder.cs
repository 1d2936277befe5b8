using System.Globalization;
using FFMpegCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Inputs for "testsrc": lavfi testsrc2 (moving colour bars with its own timecode) at the configured size
/// and rate with a wall clock and the stream's running time drawn large, and a 1 kHz sine at 48 kHz with a
/// short 4 kHz beep every second, both paced to real time with -re.
/// </summary>
public sealed class TestPatternInputBuilder : IFfmpegInputBuilder
{
    /// <summary>Frequency of the test tone.</summary>
    public const int ToneFrequencyHz = 1_000;

    // Characters that would need filtergraph escaping inside the drawtext fontfile value.
    private static readonly char[] UnsafeFontPathCharacters = ['\'', '"', ':', '\\', ',', ';', '[', ']', '=', ' '];

    private readonly ILogger _logger;

    /// <summary>Creates the builder.</summary>
    public TestPatternInputBuilder(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string[] generated = ["-re", "-f lavfi"];
        var plan = new FfmpegInputPlan(
            [new FfmpegInput(VideoGraph(options), generated), new FfmpegInput(AudioGraph, generated)],
            VideoStream: "0:v:0",
            AudioStream: "1:a:0");
        return Task.FromResult(plan);
    }

    private static string AudioGraph
        => string.Create(CultureInfo.InvariantCulture, $"sine=frequency={ToneFrequencyHz}:sample_rate={MediaSourceOptions.AudioSampleRate}:beep_factor=4");

    private string VideoGraph(MediaSourceOptions options)
    {
        var pattern = string.Create(CultureInfo.InvariantCulture, $"testsrc2=size={options.Width}x{options.Height}:rate={options.FrameRate}");
        var font = options.ClockFontFile;
        if (font is null || font.IndexOfAny(UnsafeFontPathCharacters) >= 0 || !File.Exists(font))
        {
            MediaSourceLog.ClockFontMissing(_logger, options.Uri, font ?? "(none)");
            return pattern;
        }

        // Wall clock and running time; "\:" escapes the colons inside the text expansion. The expressions
        // avoid commas, which would end the filter inside the lavfi graph.
        var fontSize = Math.Max(12, options.Height / 12);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{pattern},drawtext=fontfile={font}:text='%{{localtime\\:%T}}  %{{pts\\:hms}}':fontsize={fontSize}:fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=8:x=(w-tw)/2:y=h-th-h/16");
    }
}
