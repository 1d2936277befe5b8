using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Srtp;

/// <summary>Log messages of <see cref="SrtpContext"/>; per-packet outcomes are Trace only.</summary>
internal static partial class SrtpContextLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "SRTP {Profile}: new stream for SSRC {Ssrc:x8} ({StreamCount} tracked)")]
    public static partial void StreamAdded(ILogger logger, SrtpProfile profile, uint ssrc, int streamCount);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "SRTP {Profile}: refusing SSRC {Ssrc:x8}, already tracking {Limit} streams")]
    public static partial void StreamLimitReached(ILogger logger, SrtpProfile profile, uint ssrc, int limit);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Trace, Message = "SRTP {Profile}: dropped {Kind} packet from SSRC {Ssrc:x8}: {Result}")]
    public static partial void PacketDropped(ILogger logger, SrtpProfile profile, string kind, uint ssrc, SrtpResult result);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Trace, Message = "SRTP {Profile}: dropped malformed {Kind} packet of {Length} bytes")]
    public static partial void MalformedPacket(ILogger logger, SrtpProfile profile, string kind, int length);
}
