using System.Globalization;

namespace StreamMesh.Mesh.LoadTesting;

/// <summary>CPU time and resident memory of one process at one moment, read from Linux /proc.</summary>
public readonly record struct ProcessUsageSample(long CpuTicks, long RssBytes, long MonotonicTimestamp)
{
    // USER_HZ: the unit of utime/stime in /proc/PID/stat (proc(5)); 100 on every mainstream Linux build.
    public const double ClockTicksPerSecond = 100;

    /// <summary>Reads /proc/<paramref name="pid"/>/stat (utime + stime) and /proc/PID/status (VmRSS); false when unavailable.</summary>
    public static bool TryRead(int pid, TimeProvider time, out ProcessUsageSample sample)
    {
        sample = default;
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string status = File.ReadAllText($"/proc/{pid}/status");
            if (!TryParseCpuTicks(stat, out long ticks) || !TryParseRss(status, out long rss))
            {
                return false;
            }

            sample = new ProcessUsageSample(ticks, rss, time.GetTimestamp());
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>utime + stime (fields 14 and 15 of proc(5)); the command name in parentheses may contain spaces.</summary>
    public static bool TryParseCpuTicks(string stat, out long ticks)
    {
        ticks = 0;
        int close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        // After ")" come fields 3 (state) onwards; utime and stime are fields 14 and 15.
        string[] fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int UtimeIndex = 14 - 3;
        if (fields.Length <= UtimeIndex + 1
            || !long.TryParse(fields[UtimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out long user)
            || !long.TryParse(fields[UtimeIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out long system))
        {
            return false;
        }

        ticks = user + system;
        return true;
    }

    /// <summary>The "VmRSS:   1234 kB" line of /proc/PID/status.</summary>
    public static bool TryParseRss(string status, out long bytes)
    {
        bytes = 0;
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line[6..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 1 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long kilobytes))
            {
                bytes = kilobytes * 1024;
                return true;
            }
        }

        return false;
    }
}
