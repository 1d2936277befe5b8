using System.Runtime.InteropServices;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// epoll(7) and eventfd(2) for Linux x64/arm64, as <see cref="UdpReceivePoller"/> uses them: one
/// level-triggered set per poller thread, an eventfd in it to wake the thread. <c>struct epoll_event</c>
/// is packed on x86-64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16 bytes, data at
/// offset 8), so events are read and written by offset instead of through one struct.
/// </summary>
internal static unsafe partial class LinuxEpoll
{
    public const uint In = 0x001;

    public const int ControlAdd = 1;

    public const int ControlDelete = 2;

    private const int CloseOnExec = 0x80000;

    private const int NonBlocking = 0x800;

    public static bool IsSupported { get; } =
        OperatingSystem.IsLinux()
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64
        && Probe();

    /// <summary>Bytes of one <c>struct epoll_event</c> on this architecture.</summary>
    public static int EventSize { get; } = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    private static int DataOffset => EventSize - 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int Create(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int Control(int epoll, int operation, int descriptor, byte* events);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int Wait(int epoll, byte* events, int maxEvents, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventDescriptor(uint initialValue, int flags);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int descriptor, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int descriptor, void* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int descriptor);

    /// <summary>A new epoll set, or -1 (errno in <see cref="Marshal.GetLastPInvokeError"/>).</summary>
    public static int CreateSet() => Create(CloseOnExec);

    /// <summary>A new non-blocking eventfd, or -1.</summary>
    public static int CreateWakeDescriptor() => EventDescriptor(0, CloseOnExec | NonBlocking);

    /// <summary>Adds <paramref name="descriptor"/> for readability, tagged with <paramref name="data"/>.</summary>
    public static int Add(int epoll, int descriptor, ulong data)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = In;
        *(ulong*)(ev + DataOffset) = data;
        return Control(epoll, ControlAdd, descriptor, ev);
    }

    public static int Remove(int epoll, int descriptor)
    {
        // Kernels before 2.6.9 wanted a non-null event even for EPOLL_CTL_DEL.
        byte* ev = stackalloc byte[16];
        return Control(epoll, ControlDelete, descriptor, ev);
    }

    /// <summary>The data word of the <paramref name="index"/>-th event of an epoll_wait result.</summary>
    public static ulong DataOf(byte* events, int index) => *(ulong*)(events + (index * EventSize) + DataOffset);

    private static bool Probe()
    {
        try
        {
            int epoll = CreateSet();
            if (epoll < 0)
            {
                return false;
            }

            _ = Close(epoll);
            return LinuxRecvMmsg.Probe();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
