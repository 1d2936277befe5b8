using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Net;

/// <summary>Source-generated log messages of <see cref="UdpMux"/> (event ids 1000–1099).</summary>
internal static partial class UdpMuxLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "UDP mux bound to {LocalEndPoint}")]
    public static partial void Bound(ILogger logger, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "UDP mux on {LocalEndPoint} closed")]
    public static partial void Closed(ILogger logger, IPEndPoint localEndPoint);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Remote {RemoteEndPoint} bound to ufrag {Ufrag}")]
    public static partial void EndPointBound(ILogger logger, IPEndPoint remoteEndPoint, string ufrag);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Remote {RemoteEndPoint} moved from ufrag {PreviousUfrag} to {Ufrag}")]
    public static partial void EndPointRebound(ILogger logger, IPEndPoint remoteEndPoint, string previousUfrag, string ufrag);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "Registration {Ufrag} removed with {BindingCount} bound endpoints")]
    public static partial void Unregistered(ILogger logger, string ufrag, int bindingCount);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Trace, Message = "Send to {RemoteEndPoint} failed: {Error}")]
    public static partial void SendFailed(ILogger logger, IPEndPoint? remoteEndPoint, SocketError error);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Receive failed with {Error}; continuing")]
    public static partial void ReceiveFailed(ILogger logger, SocketError error);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Critical, Message = "UDP mux on {LocalEndPoint} stopped receiving after {ErrorCount} consecutive socket errors")]
    public static partial void ReceiveLoopAborted(ILogger logger, IPEndPoint localEndPoint, int errorCount);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "A handler threw while processing a datagram; the datagram was dropped")]
    public static partial void DispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "UDP mux on {LocalEndPoint}: the kernel refused {Count} segmented (UDP_SEGMENT) sends, last with errno {Errno}; sending one datagram per message from now on")]
    public static partial void SegmentationDisabled(ILogger logger, System.Net.IPEndPoint localEndPoint, int errno, int count);
}
