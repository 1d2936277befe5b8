using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using StreamMesh.Rtc.Dtls;
using StreamMesh.Rtc.Srtp;
using DtlsTransport = StreamMesh.Rtc.Dtls.DtlsTransport;

namespace StreamMesh.Rtc.Tests.Dtls;

/// <summary>
/// Our server against a ClientHello shaped like a DTLS 1.3-capable Chromium's: supported_versions
/// listing DTLS 1.3 first, GREASE values (RFC 8701), an X25519MLKEM768 key_share so large that the
/// message is fragmented, and Chromium's use_srtp list. Our side must fall back to DTLS 1.2 cleanly.
/// </summary>
public sealed class DtlsBrowserStyleClientHelloTests
{
    private const int Grease = 0x0A0A;
    private const int X25519MlKem768 = 0x11EC;       // draft-kwiatkowski-tls-ecdhe-mlkem
    private const int SrtpAeadAes256Gcm = 0x0008;    // RFC 7714 §14.2
    private const int SrtpAes128CmSha1_32 = 0x0002;  // RFC 5764 §4.1.2

    [Fact]
    public async Task HandshakeAsync_Dtls13CapableClientHelloWithGreaseAndLargeKeyShare_NegotiatesDtls12()
    {
        var serverOptions = DtlsTestPeers.Options(
            DtlsRole.Server, DtlsTestPeers.CertificateA, DtlsTestPeers.CertificateB.Fingerprint);
        DatagramQueueTransport? clientSide = null;
        using var server = new DtlsTransport(serverOptions, d => clientSide!.TryEnqueue(d), new FakeTimeProvider());
        var clientHelloDatagrams = 0;
        var clientHelloBytes = new List<byte>();
        clientSide = new DatagramQueueTransport(64, 1200, d =>
        {
            if (d[0] == 22 && d[3] == 0 && d[4] == 0 && d[13] == 1)
            {
                lock (clientHelloBytes)
                {
                    clientHelloDatagrams++;
                    clientHelloBytes.AddRange(d.ToArray());
                }
            }

            server.ReceiveDatagram(d);
        }, NullLogger.Instance);
        var client = new BrowserLikeClient(new BcTlsCrypto(new SecureRandom()));

        Task<DtlsSrtpKeys> serverHandshake = server.HandshakeAsync();
        var clientHandshake = Task.Run(() => new DtlsClientProtocol().Connect(client, clientSide));
        DtlsSrtpKeys serverKeys = await serverHandshake.WaitAsync(DtlsTestPeers.Guard);
        await clientHandshake.WaitAsync(DtlsTestPeers.Guard);

        Assert.Equal(ProtocolVersion.DTLSv12, client.NegotiatedVersion);
        Assert.Equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, client.SelectedCipherSuite);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, serverKeys.Profile);
        Assert.True(clientHelloDatagrams >= 2, "the ClientHello should have been fragmented");
        byte[] supportedVersions = [0x00, 0x2B, 0x00, 0x07, 6, 0x0A, 0x0A, 0xFE, 0xFC, 0xFE, 0xFD];
        lock (clientHelloBytes)
        {
            Assert.True(clientHelloBytes.ToArray().AsSpan().IndexOf(supportedVersions) >= 0, "supported_versions was not sent");
        }

        byte[] material = client.KeyingMaterial!;
        Assert.Equal(material[..16], serverKeys.RemoteMasterKey);
        Assert.Equal(material[16..32], serverKeys.LocalMasterKey);
        Assert.Equal(material[32..44], serverKeys.RemoteMasterSalt);
        Assert.Equal(material[44..56], serverKeys.LocalMasterSalt);
    }

    private sealed class BrowserLikeClient(BcTlsCrypto crypto) : DefaultTlsClient(crypto)
    {
        public ProtocolVersion? NegotiatedVersion { get; private set; }

        public int SelectedCipherSuite { get; private set; }

        public byte[]? KeyingMaterial { get; private set; }

        public override int[] GetCipherSuites() =>
        [
            Grease,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        ];

        public override IDictionary<int, byte[]> GetClientExtensions()
        {
            IDictionary<int, byte[]> extensions = TlsExtensionsUtilities.EnsureExtensionsInitialised(base.GetClientExtensions());
            extensions[Grease] = [];

            // supported_versions: GREASE, DTLS 1.3 {254,252}, DTLS 1.2 {254,253} (RFC 9147 §5.3).
            extensions[ExtensionType.supported_versions] = [6, 0x0A, 0x0A, 0xFE, 0xFC, 0xFE, 0xFD];

            // key_share with a 1216-byte X25519MLKEM768 share: pushes the ClientHello past the MTU.
            byte[] share = new byte[1216];
            Random.Shared.NextBytes(share);
            int entryLength = 4 + share.Length;
            byte[] keyShare = new byte[2 + entryLength];
            keyShare[0] = (byte)(entryLength >> 8);
            keyShare[1] = (byte)entryLength;
            keyShare[2] = X25519MlKem768 >> 8;
            keyShare[3] = X25519MlKem768 & 0xFF;
            keyShare[4] = (byte)(share.Length >> 8);
            keyShare[5] = (byte)share.Length;
            share.CopyTo(keyShare, 6);
            extensions[ExtensionType.key_share] = keyShare;

            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(
                [SrtpAeadAes256Gcm, (int)SrtpProfile.AeadAes128Gcm, (int)SrtpProfile.Aes128CmHmacSha1_80, SrtpAes128CmSha1_32],
                TlsUtilities.EmptyBytes));
            return extensions;
        }

        public override void NotifySelectedCipherSuite(int selectedCipherSuite)
        {
            base.NotifySelectedCipherSuite(selectedCipherSuite);
            SelectedCipherSuite = selectedCipherSuite;
        }

        public override TlsAuthentication GetAuthentication() => new AcceptingAuthentication(this);

        public override void NotifyHandshakeComplete()
        {
            base.NotifyHandshakeComplete();
            NegotiatedVersion = m_context.ServerVersion;
            KeyingMaterial = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, 56);
        }

        protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

        private sealed class AcceptingAuthentication(BrowserLikeClient client) : TlsAuthentication
        {
            public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
            {
            }

            public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
                DtlsCryptoPolicy.CreateSigner(client.m_context, (BcTlsCrypto)client.Crypto, DtlsTestPeers.CertificateB);
        }
    }
}
