using System.Runtime.InteropServices;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// sendmmsg(2) for Linux x64/arm64: many datagrams, each to its own address, in one system call.
/// The structures mirror glibc's <c>struct mmsghdr</c>, <c>struct msghdr</c> and <c>struct iovec</c>
/// on LP64 targets; other platforms never reach this code (<see cref="IsSupported"/>).
/// </summary>
internal static unsafe partial class LinuxSendMmsg
{
    /// <summary>MSG_DONTWAIT: never block the send worker; a full socket buffer comes back as EAGAIN.</summary>
    public const int DontWait = 0x40;

    /// <summary>Room for any sockaddr (sockaddr_in6 is 28 bytes, sockaddr_storage 128).</summary>
    public const int NameCapacity = 128;

    /// <summary>
    /// CMSG_SPACE(sizeof(u16)) on LP64: a 16-byte <c>struct cmsghdr</c> (size_t length, int level,
    /// int type) and the 2-byte segment size, padded to 8.
    /// </summary>
    public const int SegmentControlSize = 24;

    /// <summary>UDP_SEGMENT (linux/udp.h): send one message as many datagrams of this size (GSO).</summary>
    private const int UdpSegment = 103;

    /// <summary>CMSG_LEN(sizeof(u16)).</summary>
    private const int SegmentControlLength = 18;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && IntPtr.Size == 8 && Probe();

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static partial int SendMmsg(int socket, MultiMessageHeader* messages, uint count, int flags);

    /// <summary>Writes the constant part of a UDP_SEGMENT control message (length, level, type).</summary>
    public static void WriteSegmentControlHeader(byte* control)
    {
        *(nuint*)control = SegmentControlLength;
        *(int*)(control + 8) = LinuxRecvMmsg.LevelUdp; // SOL_UDP for IPv4 and IPv6 sockets alike
        *(int*)(control + 12) = UdpSegment;
    }

    /// <summary>Writes the segment size into a control message prepared by <see cref="WriteSegmentControlHeader"/>.</summary>
    public static void WriteSegmentSize(byte* control, ushort segmentSize) => *(ushort*)(control + 16) = segmentSize;

    private static bool Probe()
    {
        try
        {
            // A call with no messages on an invalid descriptor proves the symbol resolves.
            _ = SendMmsg(-1, null, 0, 0);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVector
    {
        public nint Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MessageHeader
    {
        public nint Name;
        public uint NameLength;
        public nint Vectors;
        public nuint VectorCount;
        public nint Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MultiMessageHeader
    {
        public MessageHeader Header;
        public uint Length;
    }
}
