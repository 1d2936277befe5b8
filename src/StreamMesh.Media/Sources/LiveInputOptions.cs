using System.Globalization;

namespace StreamMesh.Media.Sources;

/// <summary>ffmpeg input options shared by the network builders.</summary>
internal static class LiveInputOptions
{
    /// <summary>How long a network read may block before ffmpeg gives up and the supervisor takes over.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Skips ffmpeg's frame-rate estimation, which reads about two seconds of a live input before the first output
    /// frame (StreamMesh times frames by the configured or probed rate, never by ffmpeg's estimate): a returning
    /// RTMP source then resumes in about half a second instead of two.
    /// </summary>
    public const string SkipFrameRateProbe = "-fpsprobesize 0";

    /// <summary>
    /// Stream analysis limited to half a second (microseconds) for FLV/RTMP, whose sequence headers give every
    /// codec parameter up front; MPEG-TS keeps the default because it learns H.264's size only at a keyframe.
    /// </summary>
    public const string ShortAnalysis = "-analyzeduration 500000";

    /// <summary>-rw_timeout (microseconds): a generic URL option every network protocol honours.</summary>
    public static string ReadTimeoutOption
        => string.Create(CultureInfo.InvariantCulture, $"-rw_timeout {(long)ReadTimeout.TotalMicroseconds}");
}
