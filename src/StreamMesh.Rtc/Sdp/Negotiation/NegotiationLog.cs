using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Sdp.Negotiation;

/// <summary>Source-generated log messages of the SDP negotiators (event ids 4100-4199).</summary>
internal static partial class NegotiationLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Rejecting m-line {Index} (mid {Mid}): {Reason}")]
    public static partial void SectionRejected(ILogger logger, int index, string? mid, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "SDP negotiation failed ({Error}): {Reason}")]
    public static partial void NegotiationFailed(ILogger logger, SdpNegotiationError error, string reason);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "No local {Kind} track for m-line {Index} (mid {Mid}); answering {Direction} instead of sending")]
    public static partial void NoTrackToSend(ILogger logger, SdpMediaKind kind, int index, string? mid, SdpDirection direction);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "Answer created: {Accepted} m-line(s) accepted, {Rejected} rejected, setup {Setup}")]
    public static partial void AnswerCreated(ILogger logger, int accepted, int rejected, SdpSetupRole setup);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Offer created with {Sections} m-line(s)")]
    public static partial void OfferCreated(ILogger logger, int sections);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Debug, Message = "Answer applied: {Accepted} m-line(s) accepted, our DTLS role {Role}")]
    public static partial void AnswerApplied(ILogger logger, int accepted, NegotiatedDtlsRole role);
}
