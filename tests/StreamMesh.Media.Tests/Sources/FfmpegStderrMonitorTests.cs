using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class FfmpegStderrMonitorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ListLogger _logger = new();

    [Fact]
    public void OnLine_ErrorThenInfo_KeepsTheErrorWithoutItsLevelTag()
    {
        var monitor = new FfmpegStderrMonitor("testsrc", _logger, _time);

        monitor.OnLine("[error] file:/x.mp4: No such file or directory");
        monitor.OnLine("[info] Stream mapping:");
        monitor.OnLine(null);

        Assert.Equal("file:/x.mp4: No such file or directory", monitor.LastError);
        Assert.Equal([LogLevel.Error, LogLevel.Trace], _logger.Entries.Select(e => e.Level));
        Assert.Contains("testsrc", _logger.Entries[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OnLine_ErrorFlood_LogsABurstPerWindowAndReportsTheRest()
    {
        var monitor = new FfmpegStderrMonitor("testsrc", _logger, _time);
        for (var i = 0; i < FfmpegStderrMonitor.ErrorBurst + 5; i++)
        {
            monitor.OnLine($"[h264 @ 0x1] [error] corrupt macroblock {i}");
        }

        Assert.Equal(FfmpegStderrMonitor.ErrorBurst, _logger.Entries.Count(e => e.Level == LogLevel.Error));
        Assert.Equal("[h264 @ 0x1] corrupt macroblock 24", monitor.LastError);

        _time.Advance(FfmpegStderrMonitor.ErrorWindow);
        monitor.OnLine("[error] after the window");

        var suppressed = Assert.Single(_logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal(3107, suppressed.EventId);
        Assert.Contains("5 further", suppressed.Message, StringComparison.Ordinal);
        Assert.Equal(FfmpegStderrMonitor.ErrorBurst + 1, _logger.Entries.Count(e => e.Level == LogLevel.Error));
    }

    [Fact]
    public void OnLine_FinalStatsLine_IsKeptAsTheFinalReport()
    {
        var monitor = new FfmpegStderrMonitor("testsrc", _logger, _time);

        monitor.OnLine("[info] frame=  300 fps= 30 q=-1.0 Lsize=    3072kB time=00:00:10.00 bitrate=2516.6kbits/s speed=   1x    ");

        Assert.Equal(300, monitor.FinalStats?.Frame);
        Assert.Equal(_time.GetUtcNow(), monitor.FinalStats?.ReceivedAt);
        Assert.Null(monitor.LastError);
    }
}
