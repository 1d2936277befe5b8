using Microsoft.Extensions.Logging;

namespace StreamMesh.Rtc.Dtls;

/// <summary>Source-generated log messages of the DTLS layer (event ids 3100–3199).</summary>
internal static partial class DtlsTransportLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Debug, Message = "DTLS {Role} handshake starting")]
    public static partial void HandshakeStarting(this ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information,
        Message = "DTLS {Role} handshake completed in {ElapsedMs:F0} ms, SRTP profile {Profile}")]
    public static partial void HandshakeCompleted(this ILogger logger, DtlsRole role, double elapsedMs, Srtp.SrtpProfile profile);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "DTLS {Role} handshake failed: {Reason}")]
    public static partial void HandshakeFailed(this ILogger logger, DtlsRole role, DtlsHandshakeFailureReason reason, Exception? exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "DTLS alert raised: {Level} {Description} {Detail}")]
    public static partial void AlertRaised(this ILogger logger, string level, string description, string? detail, Exception? exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Debug, Message = "DTLS alert received: {Level} {Description}")]
    public static partial void AlertReceived(this ILogger logger, string level, string description);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Trace, Message = "DTLS datagram of {Length} bytes dropped: {Reason}")]
    public static partial void DatagramDropped(this ILogger logger, int length, string reason);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Debug, Message = "DTLS transport state {Previous} -> {State}")]
    public static partial void StateChanged(this ILogger logger, DtlsTransportState previous, DtlsTransportState state);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "DTLS datagram send failed")]
    public static partial void DatagramSendFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "DTLS association failed after the handshake")]
    public static partial void AssociationFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Warning,
        Message = "DTLS peer certificate fingerprint mismatch: expected {Expected}, got {Actual}")]
    public static partial void FingerprintMismatch(this ILogger logger, string expected, string actual);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Debug, Message = "DTLS {Role} handshake abandoned (closed or cancelled)")]
    public static partial void HandshakeAbandoned(this ILogger logger, DtlsRole role);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Error, Message = "DTLS StateChanged handler threw")]
    public static partial void StateChangedHandlerFailed(this ILogger logger, Exception exception);
}
