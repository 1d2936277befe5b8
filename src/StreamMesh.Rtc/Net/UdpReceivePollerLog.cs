using System.Net;
using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Net;

/// <summary>Source-generated log messages of <see cref="UdpReceivePoller"/> (event ids 1010–1019).</summary>
internal static partial class UdpReceivePollerLog
{
    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "UDP receive poller started: {Threads} threads, GRO requested {Gro}")]
    public static partial void Started(ILogger logger, int threads, bool gro);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "UDP receive poller unavailable ({Call} failed with errno {Errno}); sockets keep their own receive loops")]
    public static partial void Unavailable(ILogger logger, string call, int errno);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "epoll_ctl refused the socket on {LocalEndPoint} (errno {Errno}); it keeps its own receive loop")]
    public static partial void AddFailed(ILogger logger, IPEndPoint localEndPoint, int errno);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Debug, Message = "recvmmsg on {LocalEndPoint} failed with errno {Errno} (0: truncated datagram)")]
    public static partial void ReceiveFailed(ILogger logger, IPEndPoint localEndPoint, int errno);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Critical, Message = "epoll_wait failed with errno {Errno}; this poller thread stopped receiving")]
    public static partial void WaitFailed(ILogger logger, int errno);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Debug, Message = "UDP_GRO refused on {LocalEndPoint} ({Error}); datagrams arrive one by one")]
    public static partial void GroRefused(ILogger logger, IPEndPoint localEndPoint, System.Net.Sockets.SocketError error);
}
