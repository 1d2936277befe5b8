using System.Runtime.InteropServices;

namespace StreamMesh.Simulator.Engine;

/// <summary>
/// CPU time consumed by the calling thread (Linux clock_gettime(CLOCK_THREAD_CPUTIME_ID)); on a shared, loaded machine
/// this, not wall time, is what "processed on one core" means. Falls back to unavailable elsewhere.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>True when the platform clock is usable.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux() && Probe();

    /// <summary>Thread CPU time in seconds, or 0 when unavailable.</summary>
    public static double NowSeconds()
    {
        if (!IsAvailable || ClockGetTime(ClockThreadCpuTimeId, out Timespec t) != 0)
        {
            return 0;
        }

        return t.Seconds + (t.Nanoseconds / 1e9);
    }

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clockId, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
