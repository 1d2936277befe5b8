using System.Runtime.InteropServices;

namespace StreamMesh.Rtc.Net;

/// <summary>
/// recvmmsg(2) and the UDP generic receive offload (GRO) control message for Linux LP64 targets. The
/// message structures are those of <see cref="LinuxSendMmsg"/> (glibc's mmsghdr/msghdr/iovec); a
/// control message is glibc's <c>struct cmsghdr</c>: size_t length, int level, int type, then the
/// data at the next 8-byte boundary.
/// </summary>
internal static unsafe partial class LinuxRecvMmsg
{
    /// <summary>SOL_UDP (= IPPROTO_UDP): level of the UDP_GRO option and of its control message.</summary>
    public const int LevelUdp = 17;

    /// <summary>UDP_GRO (linux/udp.h, since 5.0): deliver coalesced datagrams with their segment size.</summary>
    public const int OptionGro = 104;

    /// <summary>MSG_TRUNC in msg_flags: the datagram was longer than the buffer.</summary>
    public const int Truncated = 0x20;

    /// <summary>Bytes of <c>struct cmsghdr</c> rounded up to its alignment: where the data starts.</summary>
    public const int ControlHeaderSize = 16;

    /// <summary>MSG_WAITFORONE: block until one message arrives, then take only what is already queued.</summary>
    public const int WaitForOne = 0x10000;

    /// <summary>True on Linux LP64 targets whose libc has recvmmsg (the structures are LP64 ones).</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && IntPtr.Size == 8 && Probe();

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static partial int RecvMmsg(int socket, LinuxSendMmsg.MultiMessageHeader* messages, uint count, int flags, void* timeout);

    /// <summary>
    /// The segment size of a coalesced receive (a UDP_GRO control message), or 0 when the datagram
    /// came alone. Walks the control buffer as CMSG_FIRSTHDR/CMSG_NXTHDR do.
    /// </summary>
    public static int SegmentSizeOf(byte* control, nuint length)
    {
        nuint offset = 0;
        while (offset + ControlHeaderSize <= length)
        {
            nuint messageLength = *(nuint*)(control + offset);
            if (messageLength < ControlHeaderSize || offset + messageLength > length)
            {
                return 0;
            }

            int level = *(int*)(control + offset + 8);
            int type = *(int*)(control + offset + 12);
            if (level == LevelUdp && type == OptionGro && messageLength >= ControlHeaderSize + sizeof(int))
            {
                return *(int*)(control + offset + ControlHeaderSize);
            }

            offset += (messageLength + 7) & ~(nuint)7;
        }

        return 0;
    }

    /// <summary>True when recvmmsg resolves (called by <see cref="LinuxEpoll.IsSupported"/>).</summary>
    public static bool Probe()
    {
        try
        {
            // No messages on an invalid descriptor: proves the symbol resolves, fails with EBADF.
            _ = RecvMmsg(-1, null, 0, 0, null);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
