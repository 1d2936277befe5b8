namespace StreamMesh.Media.Sources;

/// <summary>
/// rtsp:// inputs (IP cameras, RTSP servers) with the configured <see cref="MediaSourceOptions.RtspTransport"/>.
/// RTSP servers serve many clients, so the input is probed first: no video is a clear error, no audio gets
/// silence, and H.264 without B-frames can be passed through.
/// </summary>
public sealed class RtspInputBuilder : IFfmpegInputBuilder
{
    /// <inheritdoc />
    public async Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFMpegCore.FFOptions ffOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ffOptions);
        List<string> inputOptions =
        [
            options.RtspTransport == RtspTransport.Udp ? "-rtsp_transport udp" : "-rtsp_transport tcp",
            $"-timeout {(long)LiveInputOptions.ReadTimeout.TotalMicroseconds}",
        ];
        var probe = await SourceProbe.ProbeAsync(options.Uri, options.Uri, inputOptions, ffOptions.BinaryFolder, cancellationToken).ConfigureAwait(false);
        return ProbedInputPlanner.Plan(options, new FfmpegInput(options.Uri, inputOptions), probe);
    }
}
