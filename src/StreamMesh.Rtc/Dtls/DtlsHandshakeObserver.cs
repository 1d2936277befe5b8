using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// Shared by our BouncyCastle client and server peers: checks the peer certificate against the SDP
/// fingerprint and records why things went wrong, so <see cref="DtlsTransport"/> can report a
/// precise <see cref="DtlsHandshakeFailureReason"/> instead of BouncyCastle's generic alerts.
/// Written on the BouncyCastle thread, read after that thread's work completed.
/// </summary>
internal sealed class DtlsHandshakeObserver
{
    private readonly ILogger _logger;
    private readonly DtlsFingerprint _expected;
    private volatile bool _closeNotifyReceived;

    public DtlsHandshakeObserver(DtlsFingerprint expected, ILogger logger)
    {
        _expected = expected;
        _logger = logger;
    }

    /// <summary>A failure we diagnosed ourselves before BouncyCastle raised the alert.</summary>
    public DtlsHandshakeFailureReason? LocalFailure { get; private set; }

    /// <summary>The peer's end-entity certificate matched the expected fingerprint.</summary>
    public bool PeerVerified { get; private set; }

    /// <summary>The last alert description the peer sent, if any.</summary>
    public byte? LastAlertReceived { get; private set; }

    /// <summary>The peer sent close_notify (RFC 5246 §7.2.1).</summary>
    public bool CloseNotifyReceived => _closeNotifyReceived;

    /// <summary>
    /// WebRTC authenticates the peer by the hash of its certificate from signalling (RFC 8122 §5,
    /// RFC 8827 §6.5), never by a chain: any self-signed certificate is fine if the fingerprint
    /// matches. Proof of possession of its key comes from the ServerKeyExchange / CertificateVerify
    /// signatures BouncyCastle checks afterwards.
    /// </summary>
    public void VerifyPeerCertificate(Certificate? chain)
    {
        if (chain is null || chain.IsEmpty)
        {
            throw Fail(DtlsHandshakeFailureReason.PeerCertificateMissing, AlertDescription.handshake_failure,
                "The peer sent no certificate; WebRTC requires one from both sides.");
        }

        byte[] der = chain.GetCertificateAt(0).GetEncoded();
        if (!_expected.Matches(der))
        {
            var actual = DtlsFingerprint.Compute(_expected.Algorithm, der);
            _logger.FingerprintMismatch(_expected.ToString(), actual.ToString());
            throw Fail(DtlsHandshakeFailureReason.FingerprintMismatch, AlertDescription.bad_certificate,
                "The peer certificate does not match the fingerprint from its SDP.");
        }

        PeerVerified = true;
    }

    /// <summary>Records the reason and returns the alert for BouncyCastle to send.</summary>
    public TlsFatalAlert Fail(DtlsHandshakeFailureReason reason, short alertDescription, string message)
    {
        LocalFailure ??= reason;
        return new TlsFatalAlert(alertDescription, message);
    }

    public void OnAlertRaised(short level, short description, string? message, Exception? cause) =>
        _logger.AlertRaised(AlertLevel.GetText(level), AlertDescription.GetText(description), message, cause);

    public void OnAlertReceived(short level, short description)
    {
        LastAlertReceived = (byte)description;
        if (description == AlertDescription.close_notify)
        {
            _closeNotifyReceived = true;
        }

        _logger.AlertReceived(AlertLevel.GetText(level), AlertDescription.GetText(description));
    }
}
