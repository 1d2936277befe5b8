using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace StreamMesh.Media.Sources;

/// <summary>
/// Parses ffmpeg progress in both shapes it prints: the -progress stream (one key=value per line, each block
/// closed by "progress=continue" or "progress=end") and the stderr stats line
/// ("frame=  120 fps= 30 q=28.0 size=  1024kB time=00:00:04.00 bitrate=2097.2kbits/s dup=0 drop=0 speed=1.0x").
/// Unknown keys and unparsable values are ignored; nothing here throws on odd input.
/// </summary>
internal sealed class FfmpegProgressParser
{
    private long _frame;
    private double _fps;
    private double _speed;
    private TimeSpan _outTime;
    private double _bitrateKbps;
    private long _duplicated;
    private long _dropped;
    private bool _hasValues;

    /// <summary>Feeds one line of -progress output; returns a report when the line closes a block.</summary>
    public bool TryAddProgressLine(ReadOnlySpan<char> line, DateTimeOffset now, [NotNullWhen(true)] out FfmpegProgress? progress)
    {
        progress = null;
        var equals = line.IndexOf('=');
        if (equals <= 0)
        {
            return false;
        }

        var key = line[..equals].Trim();
        var value = line[(equals + 1)..].Trim();
        if (key.SequenceEqual("progress"))
        {
            if (!_hasValues)
            {
                return false;
            }

            progress = Snapshot(now);
            _hasValues = false;
            return true;
        }

        Apply(key, value);
        return false;
    }

    /// <summary>Parses a stderr stats line; false when the line carries no frame= field.</summary>
    public static bool TryParseStatsLine(ReadOnlySpan<char> line, DateTimeOffset now, [NotNullWhen(true)] out FfmpegProgress? progress)
    {
        progress = null;
        if (line.IndexOf("frame=", StringComparison.Ordinal) < 0)
        {
            return false;
        }

        var parser = new FfmpegProgressParser();
        var position = 0;
        while (position < line.Length)
        {
            var equals = line[position..].IndexOf('=');
            if (equals < 0)
            {
                break;
            }

            equals += position;
            var keyStart = line[..equals].LastIndexOf(' ') + 1;
            var key = line[keyStart..equals];

            // ffmpeg pads values after '=' with spaces ("fps= 30", "speed=   1x").
            var valueStart = equals + 1;
            while (valueStart < line.Length && line[valueStart] == ' ')
            {
                valueStart++;
            }

            var valueEnd = line[valueStart..].IndexOf(' ');
            valueEnd = valueEnd < 0 ? line.Length : valueStart + valueEnd;
            parser.Apply(key, line[valueStart..valueEnd]);
            position = valueEnd;
        }

        if (!parser._hasValues)
        {
            return false;
        }

        progress = parser.Snapshot(now);
        return true;
    }

    private FfmpegProgress Snapshot(DateTimeOffset now)
        => new(_frame, _fps, _speed, _outTime, _bitrateKbps, _duplicated, _dropped, now);

    private void Apply(ReadOnlySpan<char> key, ReadOnlySpan<char> value)
    {
        switch (key)
        {
            case "frame":
                _hasValues |= TryLong(value, ref _frame);
                break;
            case "fps":
                _hasValues |= TryDouble(value, ref _fps);
                break;
            case "speed":
                _hasValues |= TryDouble(TrimSuffix(value, "x"), ref _speed);
                break;
            case "bitrate":
                _hasValues |= TryDouble(TrimSuffix(value, "kbits/s"), ref _bitrateKbps);
                break;
            case "out_time_us":
                long microseconds = 0;
                if (TryLong(value, ref microseconds) && microseconds >= 0)
                {
                    _outTime = TimeSpan.FromMicroseconds(microseconds);
                    _hasValues = true;
                }

                break;
            case "time":
                if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var time))
                {
                    _outTime = time;
                    _hasValues = true;
                }

                break;
            case "dup_frames" or "dup":
                _hasValues |= TryLong(value, ref _duplicated);
                break;
            case "drop_frames" or "drop":
                _hasValues |= TryLong(value, ref _dropped);
                break;
            default:
                break;
        }
    }

    private static ReadOnlySpan<char> TrimSuffix(ReadOnlySpan<char> value, string suffix)
        => value.EndsWith(suffix, StringComparison.Ordinal) ? value[..^suffix.Length] : value;

    private static bool TryLong(ReadOnlySpan<char> value, ref long target)
    {
        if (long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            target = parsed;
            return true;
        }

        return false;
    }

    private static bool TryDouble(ReadOnlySpan<char> value, ref double target)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed))
        {
            target = parsed;
            return true;
        }

        return false;
    }
}
