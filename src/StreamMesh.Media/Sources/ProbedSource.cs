namespace StreamMesh.Media.Sources;

/// <summary>What ffprobe found in an input: the first video and audio stream, with what passthrough needs to know.</summary>
/// <param name="VideoIndex">Stream index of the first video stream that is not cover art; null when there is none.</param>
/// <param name="VideoCodec">ffprobe codec_name of that stream, for example "h264".</param>
/// <param name="VideoProfile">ffprobe profile, for example "Constrained Baseline" or "High".</param>
/// <param name="PixelFormat">ffprobe pix_fmt, for example "yuv420p".</param>
/// <param name="HasBFrames">True when the stream reorders frames (has_b_frames &gt; 0).</param>
/// <param name="FrameRate">Frames per second from r_frame_rate, rounded; null when unknown.</param>
/// <param name="AudioIndex">Stream index of the first audio stream; null when there is none.</param>
public sealed record ProbedSource(
    int? VideoIndex,
    string? VideoCodec,
    string? VideoProfile,
    string? PixelFormat,
    bool HasBFrames,
    int? FrameRate,
    int? AudioIndex)
{
    /// <summary>Channels of that audio stream (ffprobe "channels"); null when unknown.</summary>
    public int? AudioChannels { get; init; }
}
