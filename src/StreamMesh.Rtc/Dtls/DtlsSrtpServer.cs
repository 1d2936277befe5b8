using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Dtls;

/// <summary>BouncyCastle DTLS 1.2 server for WebRTC: selects an SRTP profile, demands and pins the client's certificate.</summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsEndpointSettings _settings;
    private readonly DtlsHandshakeObserver _observer;

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsEndpointSettings settings, DtlsHandshakeObserver observer)
        : base(crypto)
    {
        _crypto = crypto;
        _settings = settings;
        _observer = observer;
    }

    /// <summary>The profile selected from the client's offer.</summary>
    public SrtpProfile? SelectedProfile { get; private set; }

    /// <summary>The RFC 5764 §4.2 exporter output, once the handshake completed.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCryptoPolicy.GetCipherSuites(Crypto, DtlsRole.Server);

    public override int[] GetSupportedGroups() => DtlsCryptoPolicy.GetNamedGroups(Crypto);

    // Only X25519 and P-256 for ECDHE, whatever else the client lists.
    protected override int SelectECDH(int minimumCurveBits) =>
        DtlsCryptoPolicy.SelectGroup(Crypto, m_context.SecurityParameters.ClientSupportedGroups);

    // The server's choice decides the cipher suite; ours puts AES-128-GCM first, as Chromium does.
    protected override bool PreferLocalCipherSuites() => true;

    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetHandshakeTimeoutMillis() => 0;

    public override int GetHandshakeResendTimeMillis() => _settings.InitialRetransmitMillis;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        DtlsCryptoPolicy.CreateSigner(m_context, _crypto, _settings.Certificate);

    // WebRTC is mutual (RFC 8827 §6.5): always send CertificateRequest. Chromium's certificate is ECDSA
    // by default, RSA if the application asked for it.
    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context),
        null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        _observer.VerifyPeerCertificate(clientCertificate);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);

        UseSrtpData? offer = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions);
        if (offer is null)
        {
            return;
        }

        // RFC 5764 §4.1.1: the server picks one profile it supports from the client's list; our
        // preference order wins over the client's.
        foreach (int profile in _settings.SrtpProfiles)
        {
            if (Array.IndexOf(offer.ProtectionProfiles, profile) >= 0)
            {
                SelectedProfile = (SrtpProfile)profile;
                return;
            }
        }
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        // Without a common profile the association is useless for media, so fail now rather than
        // complete a handshake without use_srtp (RFC 5764 §4.1.3).
        if (SelectedProfile is not { } profile)
        {
            throw _observer.Fail(DtlsHandshakeFailureReason.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                "The client offered no SRTP profile we support.");
        }

        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetServerExtensions());

        // We never use MKIs, so the answer carries an empty srtp_mki (RFC 5764 §4.1.1).
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)profile], TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        _observer.OnAlertRaised(alertLevel, alertDescription, message, cause);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _observer.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();

        if (SelectedProfile is { } profile)
        {
            KeyingMaterial = m_context.ExportKeyingMaterial(
                DtlsSrtpKeyExporter.ExporterLabel, null, DtlsSrtpKeyExporter.GetKeyingMaterialLength(profile));
        }
    }
}
