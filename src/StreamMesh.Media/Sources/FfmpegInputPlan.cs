namespace StreamMesh.Media.Sources;

/// <summary>
/// What an <see cref="IFfmpegInputBuilder"/> produces: the ffmpeg inputs, in order, and the -map stream
/// specifiers of the video and audio to encode (for example "0:v:0" and "1:a:0"). The source adds the
/// global options, the scaling/frame-rate filters and both outputs.
/// </summary>
public sealed record FfmpegInputPlan(IReadOnlyList<FfmpegInput> Inputs, string VideoStream, string AudioStream)
{
    /// <summary>
    /// When set, the video is copied (not re-encoded) and this is its frame rate, which times the copied frames;
    /// null means the video is transcoded at <see cref="MediaSourceOptions.FrameRate"/>.
    /// </summary>
    public int? PassthroughFrameRate { get; init; }

    /// <summary>Channels of the source's audio when probed (ffmpeg always delivers stereo PCM; 1 means both channels are the same).</summary>
    public int? AudioChannels { get; init; }

    /// <summary>Why the video is or is not passed through, for the log.</summary>
    public string? PassthroughReason { get; init; }
}
