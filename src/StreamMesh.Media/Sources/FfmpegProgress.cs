namespace StreamMesh.Media.Sources;

/// <summary>
/// ffmpeg's latest progress report (its -progress key=value block, or the final stats line on stderr).
/// </summary>
/// <param name="Frame">Video frames encoded so far.</param>
/// <param name="Fps">Average encoding frame rate since start, as ffmpeg computes it.</param>
/// <param name="Speed">Processing speed relative to real time (1.0 when keeping pace); 0 when ffmpeg reports N/A.</param>
/// <param name="OutTime">Output media time reached.</param>
/// <param name="BitrateKbps">Average output bitrate of the first output; 0 when ffmpeg reports N/A.</param>
/// <param name="DuplicatedFrames">Frames ffmpeg duplicated to keep a constant frame rate.</param>
/// <param name="DroppedFrames">Frames ffmpeg dropped to keep a constant frame rate.</param>
/// <param name="ReceivedAt">When the report was read (source TimeProvider); a stale value means ffmpeg is stuck.</param>
public sealed record FfmpegProgress(
    long Frame,
    double Fps,
    double Speed,
    TimeSpan OutTime,
    double BitrateKbps,
    long DuplicatedFrames,
    long DroppedFrames,
    DateTimeOffset ReceivedAt);
