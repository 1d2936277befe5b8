namespace StreamMesh.Media.Sources;

/// <summary>
/// One classified ffmpeg stderr line. With "-loglevel level+info" ffmpeg prefixes each line with its level
/// ("[libx264 @ 0x55d0] [error] ..." or "[fatal] ..."); untagged lines are classified by their wording.
/// </summary>
internal readonly record struct FfmpegLogLine(FfmpegLogLevel Level, string Message)
{
    /// <summary>True for error, fatal and panic lines.</summary>
    public bool IsError => Level >= FfmpegLogLevel.Error;

    /// <summary>Classifies a line; never throws.</summary>
    public static FfmpegLogLine Parse(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] == '[')
        {
            var close = line.IndexOf(']', position);
            if (close < 0)
            {
                break;
            }

            if (TryLevel(line.AsSpan(position + 1, close - position - 1), out var level))
            {
                var message = string.Concat(line.AsSpan(0, position), line.AsSpan(close + 1).TrimStart()).Trim();
                return new FfmpegLogLine(level, message);
            }

            position = close + 1;
            while (position < line.Length && line[position] == ' ')
            {
                position++;
            }
        }

        return new FfmpegLogLine(GuessLevel(line), line.Trim());
    }

    private static bool TryLevel(ReadOnlySpan<char> tag, out FfmpegLogLevel level)
    {
        level = tag switch
        {
            "trace" => FfmpegLogLevel.Trace,
            "debug" => FfmpegLogLevel.Debug,
            "verbose" => FfmpegLogLevel.Verbose,
            "info" => FfmpegLogLevel.Info,
            "warning" => FfmpegLogLevel.Warning,
            "error" => FfmpegLogLevel.Error,
            "fatal" => FfmpegLogLevel.Fatal,
            "panic" => FfmpegLogLevel.Panic,
            _ => (FfmpegLogLevel)(-1),
        };
        return Enum.IsDefined(level);
    }

    private static FfmpegLogLevel GuessLevel(string line)
        => line.Contains("error", StringComparison.OrdinalIgnoreCase)
           || line.Contains("No such file or directory", StringComparison.Ordinal)
           || line.Contains("Invalid data found", StringComparison.Ordinal)
            ? FfmpegLogLevel.Error
            : FfmpegLogLevel.Info;
}
