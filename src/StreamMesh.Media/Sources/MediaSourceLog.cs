using Microsoft.Extensions.Logging;

namespace StreamMesh.Media.Sources;

/// <summary>Source-generated log messages of the media sources (event ids 3100–3199).</summary>
internal static partial class MediaSourceLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Media source {Source} starting: ffmpeg {Arguments}")]
    public static partial void Starting(ILogger logger, string source, string arguments);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Media source {Source} running: first video frame read")]
    public static partial void Running(ILogger logger, string source);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Media source {Source} stopped (ffmpeg exit code {ExitCode})")]
    public static partial void Stopped(ILogger logger, string source, int exitCode);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "Media source {Source} failed")]
    public static partial void Failed(ILogger logger, string source, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Error, Message = "Media source {Source} ffmpeg: {Line}")]
    public static partial void FfmpegError(ILogger logger, string source, string line);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Debug, Message = "Media source {Source} ffmpeg: {Line}")]
    public static partial void FfmpegWarning(ILogger logger, string source, string line);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Trace, Message = "Media source {Source} ffmpeg: {Line}")]
    public static partial void FfmpegInfo(ILogger logger, string source, string line);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Media source {Source}: {Count} further ffmpeg error lines were not logged")]
    public static partial void FfmpegErrorsSuppressed(ILogger logger, string source, long count);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "Media source {Source}: clock font {FontFile} not found; the test pattern shows only its own timecode")]
    public static partial void ClockFontMissing(ILogger logger, string source, string fontFile);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Error, Message = "Media source {Source}: unreadable {Output} output from ffmpeg: {Detail}")]
    public static partial void CorruptOutput(ILogger logger, string source, string output, string detail);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Trace, Message = "Media source {Source} progress: frame={Frame} fps={Fps} speed={Speed}x")]
    public static partial void Progress(ILogger logger, string source, long frame, double fps, double speed);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Media source {Source}: ffmpeg did not exit within {Timeout} after being killed")]
    public static partial void ExitTimeout(ILogger logger, string source, TimeSpan timeout);
}
