using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class FfmpegProgressParserTests
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryAddProgressLine_BlockFromFfmpeg51_ReportsAtProgressLine()
    {
        // A block as written by "ffmpeg -progress" 5.1 (captured from this machine).
        string[] block =
        [
            "frame=90", "fps=29.97", "stream_0_0_q=5.0", "bitrate= 361.5kbits/s", "total_size=901348",
            "out_time_us=2946667", "out_time_ms=2946667", "out_time=00:00:02.946667", "dup_frames=1",
            "drop_frames=2", "speed=1.01x",
        ];
        var parser = new FfmpegProgressParser();

        foreach (var line in block)
        {
            Assert.False(parser.TryAddProgressLine(line, Now, out _));
        }

        Assert.True(parser.TryAddProgressLine("progress=continue", Now, out var progress));
        Assert.Equal(new FfmpegProgress(90, 29.97, 1.01, TimeSpan.FromMicroseconds(2946667), 361.5, 1, 2, Now), progress);
    }

    [Fact]
    public void TryAddProgressLine_NotAvailableValues_KeepPreviousAndDoNotThrow()
    {
        var parser = new FfmpegProgressParser();
        parser.TryAddProgressLine("frame=10", Now, out _);
        parser.TryAddProgressLine("speed=N/A", Now, out _);
        parser.TryAddProgressLine("bitrate=N/A", Now, out _);
        parser.TryAddProgressLine("garbage without equals", Now, out _);

        Assert.True(parser.TryAddProgressLine("progress=end", Now, out var progress));
        Assert.Equal(10, progress.Frame);
        Assert.Equal(0, progress.Speed);
    }

    [Fact]
    public void TryAddProgressLine_ProgressWithoutValues_ReportsNothing()
    {
        Assert.False(new FfmpegProgressParser().TryAddProgressLine("progress=continue", Now, out _));
    }

    [Fact]
    public void TryParseStatsLine_FinalStderrReport_ParsesPaddedFields()
    {
        const string line = "frame=   90 fps= 30 q=-1.0 Lsize=     880kB time=00:00:02.96 bitrate=2431.2kbits/s dup=3 drop=0 speed=   1x    ";

        Assert.True(FfmpegProgressParser.TryParseStatsLine(line, Now, out var progress));
        Assert.Equal(90, progress.Frame);
        Assert.Equal(30, progress.Fps);
        Assert.Equal(TimeSpan.FromSeconds(2.96), progress.OutTime);
        Assert.Equal(2431.2, progress.BitrateKbps);
        Assert.Equal(3, progress.DuplicatedFrames);
        Assert.Equal(1, progress.Speed);
    }

    [Theory]
    [InlineData("Stream mapping:")]
    [InlineData("")]
    [InlineData("frame=")]
    [InlineData("frame=x fps=y")]
    public void TryParseStatsLine_NotAStatsLine_ReturnsFalse(string line)
    {
        Assert.False(FfmpegProgressParser.TryParseStatsLine(line, Now, out _));
    }
}
