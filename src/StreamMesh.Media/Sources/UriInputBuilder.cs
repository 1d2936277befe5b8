using FFMpegCore;
using Microsoft.Extensions.Logging;

namespace StreamMesh.Media.Sources;

/// <summary>
/// The default input builder: dispatches on <see cref="MediaSourceOptions.Kind"/>. Network kinds are
/// recognised but have no builder yet and fail with <see cref="MediaSourceError.UnsupportedInput"/>.
/// </summary>
public sealed class UriInputBuilder : IFfmpegInputBuilder
{
    private readonly TestPatternInputBuilder _testPattern;
    private readonly FileInputBuilder _file = new();

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
            var kind => Task.FromException<FfmpegInputPlan>(new MediaSourceException(
                options.Uri, MediaSourceError.UnsupportedInput, $"{kind} sources are not supported yet.")),
        };
    }
}
