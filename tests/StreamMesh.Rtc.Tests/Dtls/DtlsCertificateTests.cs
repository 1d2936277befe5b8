using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using BcX509Certificate = Org.BouncyCastle.X509.X509Certificate;
using Org.BouncyCastle.X509;
using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed partial class DtlsCertificateTests
{
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";      // id-ecPublicKey (RFC 5480 §2.1.1)
    private const string P256CurveOid = "1.2.840.10045.3.1.7";      // secp256r1 (RFC 5480 §2.1.1.1)
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2"; // ecdsa-with-SHA256 (RFC 5758 §3.2)

    [Fact]
    public void Generate_Default_IsSelfSignedEcdsaP256WithNamedCurve()
    {
        var certificate = DtlsCertificate.Generate();

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.DerEncoded);
        Assert.Equal(3, parsed.Version);
        Assert.Equal("CN=streammesh", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.Equal(EcPublicKeyOid, parsed.PublicKey.Oid.Value);
        Assert.Equal(EcdsaWithSha256Oid, parsed.SignatureAlgorithm.Value);
        using ECDsa? key = parsed.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(P256CurveOid, key.ExportParameters(false).Curve.Oid.Value);

        // The signature verifies with the certificate's own key: self-signed.
        BcX509Certificate bc = new X509CertificateParser().ReadCertificate(certificate.DerEncoded.ToArray());
        bc.Verify(bc.GetPublicKey());
    }

    [Fact]
    public void Generate_FixedClock_ValidFromOneDayBeforeToThirtyDaysAfter()
    {
        var now = new DateTimeOffset(2026, 3, 14, 15, 9, 26, TimeSpan.Zero);
        var certificate = DtlsCertificate.Generate(new FakeTimeProvider(now));

        Assert.Equal(now.AddDays(-1), certificate.NotBefore);
        Assert.Equal(now.AddDays(30), certificate.NotAfter);
        using var parsed = X509CertificateLoader.LoadCertificate(certificate.DerEncoded);
        Assert.Equal(now.AddDays(-1).UtcDateTime, parsed.NotBefore.ToUniversalTime());
        Assert.Equal(now.AddDays(30).UtcDateTime, parsed.NotAfter.ToUniversalTime());
    }

    [Fact]
    public void Generate_Twice_DistinctPositiveSerialsKeysAndFingerprints()
    {
        var first = DtlsCertificate.Generate(commonName: "x");
        var second = DtlsCertificate.Generate(commonName: "x");

        using var a = X509CertificateLoader.LoadCertificate(first.DerEncoded);
        using var b = X509CertificateLoader.LoadCertificate(second.DerEncoded);
        Assert.NotEqual(a.SerialNumber, b.SerialNumber);
        Assert.True(a.SerialNumberBytes.Span[0] < 0x80, "serial must be a positive INTEGER");
        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
        Assert.Equal("CN=x", a.Subject);
    }

    [Fact]
    public void Fingerprint_IsSha256OfDerFormattedForSdp()
    {
        var certificate = DtlsCertificate.Generate();

        Assert.Equal(SHA256.HashData(certificate.DerEncoded), certificate.Fingerprint.Hash.ToArray());
        Assert.Matches(SdpFingerprintLine(), certificate.Fingerprint.ToSdpAttribute());
        Assert.True(certificate.Fingerprint.Matches(certificate.DerEncoded));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Generate_BlankCommonName_Throws(string commonName)
    {
        Assert.Throws<ArgumentException>(() => DtlsCertificate.Generate(commonName: commonName));
    }

    [GeneratedRegex("^a=fingerprint:sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}$")]
    private static partial Regex SdpFingerprintLine();
}
