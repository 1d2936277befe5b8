using FFMpegCore;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Turns a source URI into ffmpeg input arguments. Adding a new kind of source (rtmp, rtsp, srt, http) means
/// writing one of these — for live network inputs typically without "-re", with a read timeout and
/// reconnect options — and everything after the inputs (encoding, pipes, parsing) stays as it is.
/// </summary>
public interface IFfmpegInputBuilder
{
    /// <summary>
    /// Checks the input (existence, probing) and returns the inputs to pass to ffmpeg. Throws
    /// <see cref="MediaSourceException"/> when the input cannot be used.
    /// </summary>
    Task<FfmpegInputPlan> BuildAsync(MediaSourceOptions options, FFOptions ffOptions, CancellationToken cancellationToken);
}
