using StreamMesh.Media.Sources;

namespace StreamMesh.Media.Tests.Sources;

public sealed class H264LevelTests
{
    // Expected values worked out from H.264 Table A-1 (MaxFS, MaxMBPS, MaxBR for Baseline).
    [Theory]
    [InlineData(640, 360, 30, 1_000, "3.1")]    // 920 MBs: below 3.1, but 3.1 is the floor browsers expect
    [InlineData(1280, 720, 30, 2_500, "3.1")]   // 3600 MBs, 108000 MB/s: exactly level 3.1
    [InlineData(1280, 720, 60, 4_000, "3.2")]   // 216000 MB/s
    [InlineData(1920, 1080, 30, 6_000, "4.0")]  // 8160 MBs (1088 rows), 244800 MB/s
    [InlineData(1920, 1080, 30, 30_000, "4.1")] // bitrate above 4.0's 20000 kbit/s
    [InlineData(1920, 1080, 60, 8_000, "4.2")]  // 489600 MB/s
    [InlineData(3840, 2160, 30, 20_000, "5.1")] // 32400 MBs
    public void Select_SizeRateBitrate_ReturnsLowestSufficientLevel(int width, int height, int fps, int kbps, string expected)
    {
        Assert.Equal(expected, H264Level.Select(width, height, fps, kbps));
    }

    [Fact]
    public void Select_BeyondLevel52_ReturnsNull()
    {
        Assert.Null(H264Level.Select(4096, 4096, 60, 20_000));
    }
}
