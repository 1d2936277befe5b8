using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace StreamMesh.Rtc.Dtls;

/// <summary>The algorithms we negotiate, chosen to match what Chromium (BoringSSL) offers for WebRTC.</summary>
internal static class DtlsCryptoPolicy
{
    // AEAD suites only. Chromium picks TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 with its default ECDSA
    // certificate; the others are fallbacks. As server we hold an ECDSA certificate, so only ECDSA suites.
    private static readonly int[] ServerCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    // As client we also accept a server with an RSA certificate (RTCPeerConnection.generateCertificate
    // lets applications choose RSA).
    private static readonly int[] ClientCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>ECDHE groups in preference order (RFC 8422 §5.1.1): X25519, then P-256.</summary>
    private static readonly int[] Groups = [NamedGroup.x25519, NamedGroup.secp256r1];

    public static int[] GetCipherSuites(TlsCrypto crypto, DtlsRole role) =>
        TlsUtilities.GetSupportedCipherSuites(crypto, role == DtlsRole.Client ? ClientCipherSuites : ServerCipherSuites);

    public static int[] GetNamedGroups(TlsCrypto crypto)
    {
        var supported = new List<int>(Groups.Length);
        foreach (int group in Groups)
        {
            if (crypto.HasNamedGroup(group))
            {
                supported.Add(group);
            }
        }

        return [.. supported];
    }

    /// <summary>
    /// The first of our groups the client listed in supported_groups; a client that sent no list
    /// (RFC 8422 §4: any curve is then acceptable) gets P-256. -1 when there is no overlap.
    /// </summary>
    public static int SelectGroup(TlsCrypto crypto, int[]? clientGroups)
    {
        if (clientGroups is null)
        {
            return NamedGroup.secp256r1;
        }

        foreach (int group in GetNamedGroups(crypto))
        {
            if (Array.IndexOf(clientGroups, group) >= 0)
            {
                return group;
            }
        }

        return -1;
    }

    /// <summary>Our certificate and key as BouncyCastle signing credentials (ecdsa_secp256r1_sha256).</summary>
    public static TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
    {
        var chain = new Certificate([crypto.CreateCertificate(CertificateType.X509, certificate.DerEncoded.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            certificate.PrivateKey,
            chain,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }
}
