using FFMpegCore;
using Microsoft.Extensions.Logging;

namespace StreamMesh.Media.Sources;

/// <summary>
/// The default input builder: dispatches on <see cref="MediaSourceOptions.Kind"/> to the builder of each kind.
/// </summary>
public sealed class UriInputBuilder : IFfmpegInputBuilder
{
    private readonly TestPatternInputBuilder _testPattern;
    private readonly FileInputBuilder _file = new();
    private readonly RtmpInputBuilder _rtmp = new();
    private readonly SrtInputBuilder _srt = new();
    private readonly RtspInputBuilder _rtsp = new();
    private readonly HttpInputBuilder _http = new();

    /// <summary>Creates the builder.</summary>
    public UriInputBuilder(ILogger? logger = null)
    {
        _testPattern = new TestPatternInputBuilder(logger);
    }

    /// <inheritdoc />
    public Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFOptions ffOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            MediaSourceKind.TestPattern => _testPattern.BuildAsync(options, ffOptions, cancellationToken),
            MediaSourceKind.File => _file.BuildAsync(options, ffOptions, cancellationToken),
            MediaSourceKind.Rtmp => _rtmp.BuildAsync(options, ffOptions, cancellationToken),
            MediaSourceKind.Srt => _srt.BuildAsync(options, ffOptions, cancellationToken),
            MediaSourceKind.Rtsp => _rtsp.BuildAsync(options, ffOptions, cancellationToken),
            MediaSourceKind.Http => _http.BuildAsync(options, ffOptions, cancellationToken),
            var kind => Task.FromException<FfmpegInputPlan>(new MediaSourceException(
                options.Uri, MediaSourceError.UnsupportedInput, $"{kind} sources are not supported.")),
        };
    }
}
