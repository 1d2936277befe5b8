using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Dtls;

/// <summary>BouncyCastle DTLS 1.2 client for WebRTC: offers use_srtp, presents our certificate, pins the server's.</summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsEndpointSettings _settings;
    private readonly DtlsHandshakeObserver _observer;

    public DtlsSrtpClient(BcTlsCrypto crypto, DtlsEndpointSettings settings, DtlsHandshakeObserver observer)
        : base(crypto)
    {
        _crypto = crypto;
        _settings = settings;
        _observer = observer;
    }

    /// <summary>The profile the server chose, once its ServerHello was processed.</summary>
    public SrtpProfile? SelectedProfile { get; private set; }

    /// <summary>The RFC 5764 §4.2 exporter output, once the handshake completed.</summary>
    public byte[]? KeyingMaterial { get; private set; }

    // RFC 5764 §4.1.2 and WebRTC: DTLS 1.2 only (no DTLS 1.0).
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCryptoPolicy.GetCipherSuites(Crypto, DtlsRole.Client);

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => DtlsCryptoPolicy.GetNamedGroups(Crypto);

    // RFC 7627: the exporter must not run on a master secret without extended_master_secret.
    public override bool RequiresExtendedMasterSecret() => true;

    // Our own timeout (TimeProvider-driven, cancellable) bounds the handshake; BouncyCastle's stays off.
    public override int GetHandshakeTimeoutMillis() => 0;

    public override int GetHandshakeResendTimeMillis() => _settings.InitialRetransmitMillis;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());

        // RFC 5764 §4.1.1: offer our profiles in preference order with an empty srtp_mki.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(_settings.SrtpProfiles, TlsUtilities.EmptyBytes));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);

        UseSrtpData? useSrtp = serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (useSrtp is null)
        {
            throw _observer.Fail(DtlsHandshakeFailureReason.NoCommonSrtpProfile, AlertDescription.handshake_failure,
                "The server did not accept the use_srtp extension.");
        }

        // RFC 5764 §4.1.1: the server answers with exactly one profile from our list, and since we
        // offered no MKI it must not send one.
        int[] profiles = useSrtp.ProtectionProfiles;
        if (profiles.Length != 1 || Array.IndexOf(_settings.SrtpProfiles, profiles[0]) < 0 || useSrtp.Mki.Length != 0)
        {
            throw _observer.Fail(DtlsHandshakeFailureReason.ProtocolError, AlertDescription.illegal_parameter,
                "The server's use_srtp answer is not a single offered profile with an empty MKI.");
        }

        SelectedProfile = (SrtpProfile)profiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new MutualAuthentication(this);

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        _observer.OnAlertRaised(alertLevel, alertDescription, message, cause);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        _observer.OnAlertReceived(alertLevel, alertDescription);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();

        // Export here, while BouncyCastle still holds the connection's security parameters.
        if (SelectedProfile is { } profile)
        {
            KeyingMaterial = m_context.ExportKeyingMaterial(
                DtlsSrtpKeyExporter.ExporterLabel, null, DtlsSrtpKeyExporter.GetKeyingMaterialLength(profile));
        }
    }

    /// <summary>Checks the server certificate and answers the CertificateRequest with ours.</summary>
    private sealed class MutualAuthentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client._observer.VerifyPeerCertificate(serverCertificate.Certificate);

        // WebRTC is mutual (RFC 8827 §6.5): the server always asks, we always present our certificate.
        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsCryptoPolicy.CreateSigner(client.m_context, client._crypto, client._settings.Certificate);
    }
}
