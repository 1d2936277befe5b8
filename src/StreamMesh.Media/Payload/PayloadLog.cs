using Microsoft.Extensions.Logging;

namespace StreamMesh.Media.Payload;

/// <summary>Source-generated log messages of the payload formats (event ids 3100–3199).</summary>
internal static partial class PayloadLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "{Codec} depayloader needs a keyframe ({Reason})")]
    public static partial void KeyframeNeeded(ILogger logger, string codec, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "{Codec} depayloader resumed at a keyframe, timestamp {Timestamp}")]
    public static partial void KeyframeReceived(ILogger logger, string codec, uint timestamp);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Trace, Message = "{Codec} packet {SequenceNumber} dropped: {Reason}")]
    public static partial void PacketDropped(ILogger logger, string codec, ushort sequenceNumber, string reason);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Trace, Message = "H.264 IDR without in-band SPS/PPS: injected the cached parameter sets")]
    public static partial void ParameterSetsInjected(ILogger logger);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "H.264 IDR without SPS/PPS and none seen before; receivers may not decode it")]
    public static partial void ParameterSetsMissing(ILogger logger);
}
