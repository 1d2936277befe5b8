using Microsoft.Extensions.Logging;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Receives every ffmpeg stderr line (FFMpegCore's reader drains the pipe continuously, so ffmpeg never blocks
/// on it), keeps the last error for exception messages, and logs: errors at Error — at most
/// <see cref="ErrorBurst"/> per <see cref="ErrorWindow"/> so a corrupt input cannot flood the log — warnings at
/// Debug, the rest at Trace. Called on thread-pool threads; members are thread-safe.
/// </summary>
internal sealed class FfmpegStderrMonitor
{
    /// <summary>Error lines logged per window before the rest are only counted.</summary>
    public const int ErrorBurst = 20;

    /// <summary>Length of the error-logging window.</summary>
    public static readonly TimeSpan ErrorWindow = TimeSpan.FromSeconds(10);

    private readonly string _source;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private string? _lastError;
    private FfmpegProgress? _finalStats;
    private long _windowStart;
    private int _loggedInWindow;
    private long _pendingSuppressed;

    public FfmpegStderrMonitor(string source, ILogger logger, TimeProvider timeProvider)
    {
        _source = source;
        _logger = logger;
        _timeProvider = timeProvider;
        _windowStart = timeProvider.GetTimestamp();
    }

    /// <summary>The most recent error, fatal or panic line, without its level tag.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>The stats line ffmpeg prints to stderr when it exits, if seen.</summary>
    public FfmpegProgress? FinalStats => Volatile.Read(ref _finalStats);

    public void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        var parsed = FfmpegLogLine.Parse(line);
        if (parsed.IsError)
        {
            Volatile.Write(ref _lastError, parsed.Message);
            LogError(parsed.Message);
            return;
        }

        // -nostats leaves only the last report on stderr; keep it for the exit log.
        if (FfmpegProgressParser.TryParseStatsLine(parsed.Message, _timeProvider.GetUtcNow(), out var stats))
        {
            Volatile.Write(ref _finalStats, stats);
        }

        if (parsed.Level == FfmpegLogLevel.Warning)
        {
            MediaSourceLog.FfmpegWarning(_logger, _source, parsed.Message);
        }
        else
        {
            MediaSourceLog.FfmpegInfo(_logger, _source, parsed.Message);
        }
    }

    private void LogError(string message)
    {
        long reportSuppressed = 0;
        bool log;
        lock (_gate)
        {
            if (_timeProvider.GetElapsedTime(_windowStart) >= ErrorWindow)
            {
                _windowStart = _timeProvider.GetTimestamp();
                _loggedInWindow = 0;
                reportSuppressed = _pendingSuppressed;
                _pendingSuppressed = 0;
            }

            log = _loggedInWindow < ErrorBurst;
            if (log)
            {
                _loggedInWindow++;
            }
            else
            {
                _pendingSuppressed++;
            }
        }

        if (reportSuppressed > 0)
        {
            MediaSourceLog.FfmpegErrorsSuppressed(_logger, _source, reportSuppressed);
        }

        if (log)
        {
            MediaSourceLog.FfmpegError(_logger, _source, message);
        }
    }
}
