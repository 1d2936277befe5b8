namespace StreamMesh.Media.Sources;

/// <summary>Picks the lowest H.264 level that holds a picture size, frame rate and bitrate.</summary>
internal static class H264Level
{
    // ITU-T H.264 Table A-1: level, MaxMBPS (macroblocks/s), MaxFS (macroblocks/frame), MaxBR (kbit/s, Baseline).
    // The search starts at 3.1 because 42e01f / 42c01f (level 3.1) is what browsers offer for constrained
    // baseline, so small pictures still signal the level every WebRTC peer expects.
    private static readonly (string Name, int MaxMbps, int MaxFs, int MaxBrKbps)[] Levels =
    [
        ("3.1", 108_000, 3_600, 14_000),
        ("3.2", 216_000, 5_120, 20_000),
        ("4.0", 245_760, 8_192, 20_000),
        ("4.1", 245_760, 8_192, 50_000),
        ("4.2", 522_240, 8_704, 50_000),
        ("5.0", 589_824, 22_080, 135_000),
        ("5.1", 983_040, 36_864, 240_000),
        ("5.2", 2_073_600, 36_864, 240_000),
    ];

    /// <summary>The level name for ffmpeg's -level (e.g. "3.1"), or null when nothing fits.</summary>
    public static string? Select(int width, int height, int frameRate, int bitrateKbps)
    {
        var macroblocksPerFrame = ((width + 15) / 16) * ((height + 15) / 16);
        var macroblocksPerSecond = (long)macroblocksPerFrame * frameRate;
        foreach (var level in Levels)
        {
            if (macroblocksPerFrame <= level.MaxFs && macroblocksPerSecond <= level.MaxMbps && bitrateKbps <= level.MaxBrKbps)
            {
                return level.Name;
            }
        }

        return null;
    }
}
