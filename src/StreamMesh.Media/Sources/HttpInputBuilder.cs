namespace StreamMesh.Media.Sources;

/// <summary>
/// http:// and https:// inputs: HLS playlists (.m3u8), MP4 and MPEG-TS files or live TS. Read at real time
/// (-re), because ffmpeg would otherwise fetch a playlist's available segments or a whole file as fast as the
/// network allows and viewers would get seconds of video in a burst. Probed first (HTTP servers serve many
/// clients). A file (not a playlist) is looped when <see cref="MediaSourceOptions.Loop"/> is set.
/// </summary>
public sealed class HttpInputBuilder : IFfmpegInputBuilder
{
    /// <inheritdoc />
    public async Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFMpegCore.FFOptions ffOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ffOptions);
        var isPlaylist = IsPlaylist(options.Uri);
        List<string> probeOptions = [LiveInputOptions.ReadTimeoutOption];
        var probe = await SourceProbe.ProbeAsync(options.Uri, options.Uri, probeOptions, ffOptions.BinaryFolder, cancellationToken).ConfigureAwait(false);

        List<string> inputOptions = options.Loop && !isPlaylist ? ["-stream_loop -1", "-re"] : ["-re"];
        inputOptions.Add(LiveInputOptions.ReadTimeoutOption);
        return ProbedInputPlanner.Plan(options, new FfmpegInput(options.Uri, inputOptions), probe);
    }

    /// <summary>True for an HLS playlist URL (path ends in .m3u8 or .m3u, query ignored).</summary>
    public static bool IsPlaylist(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var path = System.Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.AbsolutePath : uri;
        return path.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".m3u", StringComparison.OrdinalIgnoreCase);
    }
}
