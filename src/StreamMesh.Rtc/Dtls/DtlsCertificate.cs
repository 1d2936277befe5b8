using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace StreamMesh.Rtc.Dtls;

/// <summary>
/// The self-signed ECDSA P-256 certificate an endpoint presents in the DTLS handshake. WebRTC
/// authenticates it by the fingerprint carried in SDP, not by a chain (RFC 8827 §6.5), so one
/// certificate can serve every peer connection of a process.
/// </summary>
public sealed class DtlsCertificate
{
    /// <summary>Validity starts this far in the past so peers with a slow clock still accept it.</summary>
    public static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromDays(1);

    /// <summary>How long a generated certificate stays valid after its creation.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    private const string DefaultCommonName = "streammesh";

    private readonly byte[] _der;

    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        BouncyCastleCertificate = certificate;
        PrivateKey = privateKey;
        _der = certificate.GetEncoded();
        Fingerprint = DtlsFingerprint.Compute(DtlsFingerprintAlgorithm.Sha256, _der);
        NotBefore = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotBefore, DateTimeKind.Utc));
        NotAfter = new DateTimeOffset(DateTime.SpecifyKind(certificate.NotAfter, DateTimeKind.Utc));
    }

    /// <summary>SHA-256 fingerprint of the DER certificate, for our SDP <c>a=fingerprint</c> line.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>Start of validity (UTC, whole seconds).</summary>
    public DateTimeOffset NotBefore { get; }

    /// <summary>End of validity (UTC, whole seconds).</summary>
    public DateTimeOffset NotAfter { get; }

    /// <summary>The DER encoding of the certificate.</summary>
    public ReadOnlySpan<byte> DerEncoded => _der;

    internal X509Certificate BouncyCastleCertificate { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>
    /// Generates a fresh P-256 key pair and a self-signed X.509 v3 certificate: random 128-bit serial,
    /// valid from one day before now until 30 days after, signed with ecdsa-with-SHA256.
    /// </summary>
    /// <param name="timeProvider">Clock for the validity window (defaults to the system clock).</param>
    /// <param name="commonName">Subject and issuer CN; browsers use a random one, we default to "streammesh".</param>
    public static DtlsCertificate Generate(TimeProvider? timeProvider = null, string commonName = DefaultCommonName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        timeProvider ??= TimeProvider.System;
        var random = new SecureRandom();

        // The named-curve OID form matters: BoringSSL rejects certificates with explicit curve parameters.
        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        AsymmetricCipherKeyPair keyPair = keyGenerator.GenerateKeyPair();

        DateTime now = timeProvider.GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=" + commonName);
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(RandomSerialNumber(random));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(now - ClockSkewAllowance);
        generator.SetNotAfter(now + Lifetime);
        generator.SetPublicKey(keyPair.Public);

        X509Certificate certificate = generator.Generate(
            new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }

    // RFC 5280 §4.1.2.2: a positive integer of at most 20 octets; 127 random bits keep it positive
    // and non-zero in practice while staying unique per certificate.
    private static BigInteger RandomSerialNumber(SecureRandom random)
    {
        BigInteger serial;
        do
        {
            serial = new BigInteger(127, random);
        }
        while (serial.SignValue == 0);

        return serial;
    }
}
