using Org.BouncyCastle.Tls;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// Turns whatever BouncyCastle threw into the exception <see cref="DtlsTransport.HandshakeAsync"/>
/// reports. BouncyCastle wraps most causes in a generic <see cref="TlsFatalAlert"/>, so our own
/// knowledge (the observer's diagnosis, which token fired) takes precedence over the exception type.
/// </summary>
internal static class DtlsHandshakeFailureClassifier
{
    public static Exception Classify(
        Exception ex,
        DtlsHandshakeObserver observer,
        CancellationToken callerToken,
        bool closeRequested,
        bool timedOut,
        TimeSpan handshakeTimeout)
    {
        byte? alert = ex is TlsFatalAlert fatal ? (byte)fatal.AlertDescription : null;
        if (ex is DtlsHandshakeException handshakeException)
        {
            return handshakeException;
        }

        if (callerToken.IsCancellationRequested)
        {
            return new OperationCanceledException("The DTLS handshake was cancelled.", ex, callerToken);
        }

        if (observer.LocalFailure is { } localFailure)
        {
            return new DtlsHandshakeException(localFailure, Describe(localFailure), ex, alert);
        }

        if (closeRequested)
        {
            return new DtlsHandshakeException(DtlsHandshakeFailureReason.Closed, "The DTLS transport was closed during the handshake.", ex);
        }

        if (timedOut)
        {
            return new DtlsHandshakeException(
                DtlsHandshakeFailureReason.Timeout, $"The DTLS handshake did not complete within {handshakeTimeout}.", ex);
        }

        if (ex is TlsFatalAlertReceived received)
        {
            return new DtlsHandshakeException(
                DtlsHandshakeFailureReason.AlertReceived,
                $"The peer aborted the handshake with alert {AlertDescription.GetText(received.AlertDescription)}.",
                ex,
                (byte)received.AlertDescription);
        }

        if (observer.LastAlertReceived is { } lastAlert)
        {
            // close_notify during the handshake: BouncyCastle closes the transport and the next read fails.
            return new DtlsHandshakeException(
                DtlsHandshakeFailureReason.AlertReceived,
                $"The peer ended the handshake with alert {AlertDescription.GetText(lastAlert)}.",
                ex,
                lastAlert);
        }

        return new DtlsHandshakeException(DtlsHandshakeFailureReason.ProtocolError, "The DTLS handshake failed: " + ex.Message, ex, alert);
    }

    private static string Describe(DtlsHandshakeFailureReason reason) => reason switch
    {
        DtlsHandshakeFailureReason.FingerprintMismatch => "The peer certificate does not match the fingerprint from its SDP.",
        DtlsHandshakeFailureReason.PeerCertificateMissing => "The peer presented no certificate.",
        DtlsHandshakeFailureReason.NoCommonSrtpProfile => "No SRTP protection profile is common to both peers.",
        _ => "The DTLS handshake failed.",
    };
}
