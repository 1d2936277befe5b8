using System.Globalization;

namespace StreamMesh.Media.Sources;

/// <summary>ffmpeg input options shared by the network builders.</summary>
internal static class LiveInputOptions
{
    /// <summary>How long a network read may block before ffmpeg gives up and the supervisor takes over.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>-rw_timeout (microseconds): a generic URL option every network protocol honours.</summary>
    public static string ReadTimeoutOption
        => string.Create(CultureInfo.InvariantCulture, $"-rw_timeout {(long)ReadTimeout.TotalMicroseconds}");
}
