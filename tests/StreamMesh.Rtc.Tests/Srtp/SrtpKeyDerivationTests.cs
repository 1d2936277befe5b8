using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>RFC 3711 Appendix B.3: the AES-CM key derivation of the initial session keys (kdr = 0).</summary>
public sealed class SrtpKeyDerivationTests
{
    private static readonly byte[] MasterKey = Hex.Parse("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] MasterSalt = Hex.Parse("0EC675AD498AFEEBB6960B3AABE6");

    [Fact]
    public void Derive_EncryptionLabel_MatchesRfc3711CipherKey()
    {
        // x = master salt XOR (label 00 || 000000000000); AES-CM input 0EC675AD498AFEEBB6960B3AABE60000
        var key = new byte[16];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpEncryptionLabel, key);
        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Format(key));
    }

    [Fact]
    public void Derive_SaltLabel_MatchesRfc3711CipherSalt()
    {
        // label 02 flips byte 7: AES-CM input 0EC675AD498AFEE9B6960B3AABE60000, output truncated to 112 bits
        var salt = new byte[14];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpSaltLabel, salt);
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Format(salt));
    }

    [Fact]
    public void Derive_AuthenticationLabel_MatchesAll94OctetsOfRfc3711AuthKey()
    {
        // label 01: AES input blocks 0EC675AD498AFEEAB6960B3AABE6000{0..5}
        byte[] expected = Hex.Parse("""
            CEBE321F6FF7716B6FD4AB49AF256A15
            6D38BAA48F0A0ACF3C34E2359E6CDBCE
            E049646C43D9327AD175578EF7227098
            6371C10C9A369AC2F94A8C5FBCDDDC25
            6D6E919A48B610EF17C2041E47403576
            6B68642C59BBFC2F34DB60DBDFB2
            """);
        var authKey = new byte[94];
        SrtpKeyDerivation.Derive(MasterKey, MasterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, authKey);
        Assert.Equal(Hex.Format(expected), Hex.Format(authKey));
    }

    [Fact]
    public void SessionKeys_CmProfile_UseRfc3711VectorsAnd160BitAuthKey()
    {
        using SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProfile.Aes128CmHmacSha1_80, MasterKey, MasterSalt);

        Assert.Equal("c61e7a93744f39ee10734afe3ff7a087", Hex.Format(keys.RtpCipherKey));
        Assert.Equal("30cbbc08863d8c85d49db34a9ae1", Hex.Format(keys.RtpSalt));
        Assert.Equal("cebe321f6ff7716b6fd4ab49af256a156d38baa4", Hex.Format(keys.RtpAuthenticationKey));
        Assert.Equal(16, keys.RtcpCipherKey.Length);
        Assert.Equal(20, keys.RtcpAuthenticationKey.Length);
        Assert.Equal(14, keys.RtcpSalt.Length);
        Assert.NotEqual(keys.RtpCipherKey, keys.RtcpCipherKey);
    }

    [Fact]
    public void SessionKeys_GcmProfile_Derive96BitSaltsAndNoAuthKeys()
    {
        byte[] salt12 = MasterSalt[..12];
        using SrtpSessionKeys keys = SrtpSessionKeys.Derive(SrtpProfile.AeadAes128Gcm, MasterKey, salt12);

        Assert.Equal(16, keys.RtpCipherKey.Length);
        Assert.Equal(12, keys.RtpSalt.Length);
        Assert.Empty(keys.RtpAuthenticationKey);
        Assert.Empty(keys.RtcpAuthenticationKey);

        // The 96-bit salt is padded with zeros on the right, so the label still lands on byte 7.
        byte[] padded = [.. salt12, 0, 0];
        var expectedKey = new byte[16];
        SrtpKeyDerivation.Derive(MasterKey, padded, SrtpKeyDerivation.RtpEncryptionLabel, expectedKey);
        Assert.Equal(expectedKey, keys.RtpCipherKey);
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 15, 14)]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 16, 12)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 32, 12)]
    public void Constructor_WrongKeyOrSaltLength_ThrowsArgumentException(SrtpProfile profile, int keyLength, int saltLength)
    {
        Assert.ThrowsAny<ArgumentException>(() => new SrtpContext(profile, new byte[keyLength], new byte[saltLength]));
    }

    [Fact]
    public void Constructor_UnknownProfile_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SrtpContext((SrtpProfile)0x0002, new byte[16], new byte[14]));
    }
}
