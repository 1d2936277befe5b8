namespace StreamMesh.Rtc.Net;

/// <summary>The errno values (asm-generic/errno-base.h, the same on x86-64 and arm64) the Linux socket calls here act on.</summary>
internal static class LinuxErrno
{
    /// <summary>EINTR: a signal interrupted the call; try again.</summary>
    public const int Interrupted = 4;

    /// <summary>EIO: e.g. UDP_SEGMENT on a device without checksum offload.</summary>
    public const int Io = 5;

    /// <summary>EAGAIN / EWOULDBLOCK: nothing to read, or no room to send, without blocking.</summary>
    public const int WouldBlock = 11;

    /// <summary>EINVAL: e.g. a UDP_SEGMENT size beyond the path MTU, or a socket that sends without checksums.</summary>
    public const int InvalidArgument = 22;
}
