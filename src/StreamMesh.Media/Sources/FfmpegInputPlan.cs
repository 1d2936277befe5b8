namespace StreamMesh.Media.Sources;

/// <summary>
/// What an <see cref="IFfmpegInputBuilder"/> produces: the ffmpeg inputs, in order, and the -map stream
/// specifiers of the video and audio to encode (for example "0:v:0" and "1:a:0"). The source adds the
/// global options, the scaling/frame-rate filters and both outputs.
/// </summary>
public sealed record FfmpegInputPlan(IReadOnlyList<FfmpegInput> Inputs, string VideoStream, string AudioStream);
