using System.Text;
using StreamMesh.Rtc.Dtls;

namespace StreamMesh.Rtc.Tests.Dtls;

public sealed class DtlsFingerprintTests
{
    // FIPS 180-2 appendix test vectors: the digests of the ASCII string "abc".
    private const string Sha1OfAbc = "sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D";
    private const string Sha256OfAbc =
        "sha-256 BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";
    private const string Sha384OfAbc =
        "sha-384 CB:00:75:3F:45:A3:5E:8B:B5:A0:3D:69:9A:C6:50:07:27:2C:32:AB:0E:DE:D1:63:1A:8B:60:5A:43:FF:5B:ED:" +
        "80:86:07:2B:A1:E7:CC:23:58:BA:EC:A1:34:C8:25:A7";
    private const string Sha512OfAbc =
        "sha-512 DD:AF:35:A1:93:61:7A:BA:CC:41:73:49:AE:20:41:31:12:E6:FA:4E:89:A9:7E:A2:0A:9E:EE:E6:4B:55:D3:9A:" +
        "21:92:99:2A:27:4F:C1:A8:36:BA:3C:23:A3:FE:EB:BD:45:4D:44:23:64:3C:E8:0E:2A:9A:C9:4F:A5:4C:A4:9F";

    private static readonly byte[] Abc = Encoding.ASCII.GetBytes("abc");

    [Theory]
    [InlineData(DtlsFingerprintAlgorithm.Sha1, Sha1OfAbc)]
    [InlineData(DtlsFingerprintAlgorithm.Sha256, Sha256OfAbc)]
    [InlineData(DtlsFingerprintAlgorithm.Sha384, Sha384OfAbc)]
    [InlineData(DtlsFingerprintAlgorithm.Sha512, Sha512OfAbc)]
    public void Compute_FipsVectorAbc_FormatsUppercaseColonHex(DtlsFingerprintAlgorithm algorithm, string expected)
    {
        var fingerprint = DtlsFingerprint.Compute(algorithm, Abc);

        Assert.Equal(expected, fingerprint.ToString());
        Assert.Equal("a=fingerprint:" + expected, fingerprint.ToSdpAttribute());
    }

    [Theory]
    [InlineData(Sha1OfAbc)]
    [InlineData(Sha256OfAbc)]
    [InlineData(Sha384OfAbc)]
    [InlineData(Sha512OfAbc)]
    public void TryParse_FormattedValue_RoundTripsAndMatchesTheData(string text)
    {
        Assert.True(DtlsFingerprint.TryParse(text, out var fingerprint));

        Assert.Equal(text, fingerprint.ToString());
        Assert.True(fingerprint.Matches(Abc));
        Assert.False(fingerprint.Matches(Encoding.ASCII.GetBytes("abd")));
    }

    [Theory]
    [InlineData("a=fingerprint:" + Sha256OfAbc)]
    [InlineData("fingerprint:" + Sha256OfAbc)]
    [InlineData("  SHA-256\tba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad \r\n")]
    [InlineData("A=FINGERPRINT: sha-256   BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD")]
    public void TryParse_PrefixedOrLowercaseOrPadded_Accepted(string text)
    {
        Assert.True(DtlsFingerprint.TryParse(text, out var fingerprint));

        Assert.Equal(DtlsFingerprint.Parse(Sha256OfAbc), fingerprint);
        Assert.Equal(DtlsFingerprintAlgorithm.Sha256, fingerprint.Algorithm);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sha-256")]
    [InlineData("sha-256 ")]
    [InlineData("md5 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C")] // unsupported hash
    [InlineData("sha-224 A9:99")]
    [InlineData("sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8")] // 19 bytes
    [InlineData("sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D:00")] // 21 bytes
    [InlineData("sha-1 A9-99-3E-36-47-06-81-6A-BA-3E-25-71-78-50-C2-6C-9C-D0-D8-9D")] // wrong separator
    [InlineData("sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9G")] // not hex
    [InlineData("sha-1 A9993E364706816ABA3E25717850C26C9CD0D89D")] // no colons
    [InlineData("sha-1 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D:")] // trailing colon
    [InlineData("sha-1 A9:99:3E:36:47:06:81:6A:BA:3E 25:71:78:50:C2:6C:9C:D0:D8:9D")] // embedded space
    [InlineData("A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D")] // no hash name
    [InlineData("a=fingerprint:")]
    public void TryParse_Invalid_ReturnsFalse(string? text)
    {
        Assert.False(DtlsFingerprint.TryParse(text, out var fingerprint));
        Assert.Null(fingerprint);
    }

    [Fact]
    public void TryParse_RandomInput_NeverThrows()
    {
        var random = new Random(20260101);
        const string alphabet = "sha-1256384:ABCDEFabcdef0123456789 \t=fingerprint\u00e9\0";
        for (int i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 120)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            // Must return rather than throw; the result itself is irrelevant here.
            _ = DtlsFingerprint.TryParse(new string(chars), out _);
        }

        // Mutations of a valid value: every single-character change is rejected or still well-formed.
        for (int i = 0; i < Sha256OfAbc.Length; i++)
        {
            char[] mutated = Sha256OfAbc.ToCharArray();
            mutated[i] = 'Z';
            Assert.False(DtlsFingerprint.TryParse(new string(mutated), out _));
        }
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatException()
    {
        Assert.Throws<FormatException>(() => DtlsFingerprint.Parse("sha-256 nope"));
    }

    [Fact]
    public void Equals_SameHashDifferentCase_Equal_DifferentAlgorithmOrValue_NotEqual()
    {
        var upper = DtlsFingerprint.Parse(Sha256OfAbc);
        var lower = DtlsFingerprint.Parse(Sha256OfAbc.ToLowerInvariant());
        var other = DtlsFingerprint.Compute(DtlsFingerprintAlgorithm.Sha256, Encoding.ASCII.GetBytes("abd"));
        var sha512 = DtlsFingerprint.Compute(DtlsFingerprintAlgorithm.Sha512, Abc);

        Assert.Equal(upper, lower);
        Assert.True(upper == lower);
        Assert.Equal(upper.GetHashCode(), lower.GetHashCode());
        Assert.NotEqual(upper, other);
        Assert.True(upper != other);
        Assert.False(upper.Equals(sha512));
        Assert.False(upper.Equals(null));
    }

    [Fact]
    public void Create_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => DtlsFingerprint.Create(DtlsFingerprintAlgorithm.Sha256, new byte[31]));
        Assert.Equal(32, DtlsFingerprint.Create(DtlsFingerprintAlgorithm.Sha256, new byte[32]).Hash.Length);
    }
}
