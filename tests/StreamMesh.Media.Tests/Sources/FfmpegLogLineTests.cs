using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class FfmpegLogLineTests
{
    // Lines as printed by ffmpeg 5.1 with "-loglevel level+info" (captured on this machine).
    [Theory]
    [InlineData("[error] /nonexistent.mp4: No such file or directory", "Error", "/nonexistent.mp4: No such file or directory")]
    [InlineData("[fatal] Error parsing global options: No such file or directory", "Fatal", "Error parsing global options: No such file or directory")]
    [InlineData("[libx264 @ 0x5626556fdc00] [info] profile Constrained Baseline, level 3.1, 4:2:0, 8-bit", "Info", "[libx264 @ 0x5626556fdc00] profile Constrained Baseline, level 3.1, 4:2:0, 8-bit")]
    [InlineData("[h264 @ 0x55] [warning] Increasing reorder buffer to 1", "Warning", "[h264 @ 0x55] Increasing reorder buffer to 1")]
    [InlineData("[info]   Stream #0:0: Video: h264", "Info", "Stream #0:0: Video: h264")]
    public void Parse_LevelTaggedLine_ReturnsLevelAndMessageWithoutTag(string line, string level, string message)
    {
        var parsed = FfmpegLogLine.Parse(line);

        Assert.Equal(Enum.Parse<FfmpegLogLevel>(level), parsed.Level);
        Assert.Equal(message, parsed.Message);
    }

    [Theory]
    [InlineData("/tmp/garbage.mp4: Invalid data found when processing input", true)]
    [InlineData("Error while decoding stream #0:0", true)]
    [InlineData("Press [q] to stop, [?] for help", false)]
    [InlineData("[unclosed bracket", false)]
    public void Parse_UntaggedLine_GuessesErrorsFromWording(string line, bool isError)
    {
        Assert.Equal(isError, FfmpegLogLine.Parse(line).IsError);
    }
}
