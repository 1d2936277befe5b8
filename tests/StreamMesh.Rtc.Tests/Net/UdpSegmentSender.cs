using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using StreamMesh.Rtc.Net;

namespace StreamMesh.Rtc.Tests.Net;

/// <summary>
/// Sends one UDP GSO "super-datagram" (Linux 4.18+): sendmsg(2) with a UDP_SEGMENT control message,
/// so the kernel (or, on loopback to a GRO socket, nobody) cuts the payload into datagrams of the
/// segment size, the last one shorter. What the node's GSO sends will look like to LoadGen.
/// </summary>
internal static unsafe partial class UdpSegmentSender
{
    private const int LevelUdp = 17;
    private const int OptionSegment = 103;

    /// <returns>Bytes the kernel accepted.</returns>
    /// <exception cref="SocketException">sendmsg failed.</exception>
    public static int Send(Socket socket, ReadOnlySpan<byte> payload, int segmentSize, IPEndPoint to)
    {
        SocketAddress address = to.Serialize();
        byte[] name = address.Buffer.Span[..address.Size].ToArray();
        // struct cmsghdr { size_t len; int level; int type; } + a u16, padded to CMSG_SPACE(2) = 24.
        byte* control = stackalloc byte[24];
        new Span<byte>(control, 24).Clear();
        *(nuint*)control = 16 + sizeof(ushort);
        *(int*)(control + 8) = LevelUdp;
        *(int*)(control + 12) = OptionSegment;
        *(ushort*)(control + 16) = checked((ushort)segmentSize);
        fixed (byte* data = payload)
        fixed (byte* namePointer = name)
        {
            var vector = new LinuxSendMmsg.IoVector { Base = (nint)data, Length = (nuint)payload.Length };
            var message = new LinuxSendMmsg.MessageHeader
            {
                Name = (nint)namePointer,
                NameLength = (uint)name.Length,
                Vectors = (nint)(&vector),
                VectorCount = 1,
                Control = (nint)control,
                ControlLength = 24,
            };
            bool added = false;
            try
            {
                socket.SafeHandle.DangerousAddRef(ref added);
                nint sent = SendMessage((int)socket.SafeHandle.DangerousGetHandle(), &message, 0);
                return sent >= 0 ? (int)sent : throw new SocketException(Marshal.GetLastPInvokeError());
            }
            finally
            {
                if (added)
                {
                    socket.SafeHandle.DangerousRelease();
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMessage(int socket, LinuxSendMmsg.MessageHeader* message, int flags);
}
