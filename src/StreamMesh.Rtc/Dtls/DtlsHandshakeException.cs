namespace StreamMesh.Rtc.Dtls;

/// <summary>The DTLS handshake failed; no SRTP keys were produced.</summary>
public sealed class DtlsHandshakeException : Exception
{
    /// <summary>Creates an exception with reason <see cref="DtlsHandshakeFailureReason.ProtocolError"/>.</summary>
    public DtlsHandshakeException()
        : this(DtlsHandshakeFailureReason.ProtocolError, "The DTLS handshake failed.")
    {
    }

    /// <summary>Creates an exception with reason <see cref="DtlsHandshakeFailureReason.ProtocolError"/>.</summary>
    public DtlsHandshakeException(string message)
        : this(DtlsHandshakeFailureReason.ProtocolError, message)
    {
    }

    /// <summary>Creates an exception with reason <see cref="DtlsHandshakeFailureReason.ProtocolError"/>.</summary>
    public DtlsHandshakeException(string message, Exception innerException)
        : this(DtlsHandshakeFailureReason.ProtocolError, message, innerException)
    {
    }

    /// <summary>Creates an exception for a specific reason.</summary>
    /// <param name="reason">Why the handshake failed.</param>
    /// <param name="message">Human-readable detail.</param>
    /// <param name="innerException">The underlying BouncyCastle or cancellation exception, if any.</param>
    /// <param name="alertDescription">The TLS AlertDescription received or sent, if any (RFC 5246 §7.2).</param>
    public DtlsHandshakeException(
        DtlsHandshakeFailureReason reason,
        string message,
        Exception? innerException = null,
        byte? alertDescription = null)
        : base(message, innerException)
    {
        Reason = reason;
        AlertDescription = alertDescription;
    }

    /// <summary>Why the handshake failed.</summary>
    public DtlsHandshakeFailureReason Reason { get; }

    /// <summary>The alert (RFC 5246 §7.2 AlertDescription) that ended the handshake, if one did.</summary>
    public byte? AlertDescription { get; }
}
