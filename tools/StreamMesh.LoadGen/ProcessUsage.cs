using StreamMesh.Mesh.LoadTesting;

namespace StreamMesh.LoadGen;

/// <summary>
/// What one process used during the hold window: CPU in percent of one core, and resident memory
/// before the viewers joined and at the end, with the growth divided per viewer.
/// </summary>
internal sealed record ProcessUsage(string Role, int Pid, double CpuPercentOfOneCore, long RssBaselineBytes, long RssAtEndBytes, double RssPerViewerBytes)
{
    public static ProcessUsage? From(string role, int pid, ProcessUsageSample? baseline, ProcessUsageSample? holdStart, ProcessUsageSample? holdEnd, int viewers, TimeProvider time)
    {
        if (baseline is not { } b || holdStart is not { } s || holdEnd is not { } e)
        {
            return null;
        }

        double seconds = time.GetElapsedTime(s.MonotonicTimestamp, e.MonotonicTimestamp).TotalSeconds;
        double cpu = seconds > 0 ? (e.CpuTicks - s.CpuTicks) / ProcessUsageSample.ClockTicksPerSecond / seconds * 100 : 0;
        return new ProcessUsage(role, pid, cpu, b.RssBytes, e.RssBytes, viewers > 0 ? (double)(e.RssBytes - b.RssBytes) / viewers : 0);
    }
}
