using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Feedback;

/// <summary>Source-generated log messages of the feedback building blocks (event ids 4101-4199).</summary>
internal static partial class FeedbackLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Packet {SequenceNumber} of {Length} bytes exceeds the retransmit slot size {SlotSize}; not stored")]
    public static partial void RetransmitPacketTooLarge(ILogger logger, ushort sequenceNumber, int length, int slotSize);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "NACK list would hold {Missing} packets, more than {MaxMissing}; cleared, keyframe required")]
    public static partial void NackListOverflow(ILogger logger, long missing, int maxMissing);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Sequence number {SequenceNumber} is {Distance} behind the highest seen; treating it as a stream restart")]
    public static partial void NackStreamRestart(ILogger logger, ushort sequenceNumber, long distance);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Trace, Message = "Keyframe request suppressed; last one sent {Elapsed} ago")]
    public static partial void KeyframeRequestSuppressed(ILogger logger, TimeSpan elapsed);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Source {Ssrc} restarted its sequence numbers at {SequenceNumber}")]
    public static partial void SequenceRestart(ILogger logger, uint ssrc, ushort sequenceNumber);
}
