using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>The AES-NI/PCLMULQDQ GCM against the platform's AesGcm, and its own tag checking.</summary>
public sealed class AesGcmCipherTests
{
    [Fact]
    public void Encrypt_IntrinsicAndPlatform_ProduceSameCiphertextAndTagForAllShapes()
    {
        if (!IntrinsicAesGcm.IsSupported)
        {
            return;
        }

        var random = new Random(7714);
        var key = new byte[16];
        var nonce = new byte[12];
        int[] aadLengths = [0, 1, 8, 12, 15, 16, 17, 24, 40, 63, 64, 65, 100];
        for (int length = 0; length <= 260; length++)
        {
            random.NextBytes(key);
            random.NextBytes(nonce);
            var aad = new byte[aadLengths[length % aadLengths.Length]];
            random.NextBytes(aad);
            var plaintext = new byte[length];
            random.NextBytes(plaintext);

            byte[] hardwareData = (byte[])plaintext.Clone();
            byte[] platformData = (byte[])plaintext.Clone();
            var hardwareTag = new byte[16];
            var platformTag = new byte[16];
            using (var hardware = new IntrinsicAesGcm(key))
            {
                hardware.Encrypt(nonce, hardwareData, hardwareTag, aad);
            }

            using (var platform = new PlatformAesGcm(key))
            {
                platform.Encrypt(nonce, platformData, platformTag, aad);
            }

            Assert.Equal(platformData, hardwareData);
            Assert.Equal(platformTag, hardwareTag);

            using (var hardware = new IntrinsicAesGcm(key))
            {
                Assert.True(hardware.Decrypt(nonce, hardwareData, hardwareTag, aad));
            }

            Assert.Equal(plaintext, hardwareData);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Encrypt_LongPackets_MatchPlatformAcrossSixteenBlockAggregation(bool allowWideVectors)
    {
        if (!IntrinsicAesGcm.IsSupported)
        {
            return;
        }

        var random = new Random(1200);
        var key = new byte[16];
        var nonce = new byte[12];
        foreach (int length in new[] { 255, 256, 257, 511, 512, 1184, 1188, 1200, 1488, 4096, 9000 })
        {
            random.NextBytes(key);
            random.NextBytes(nonce);
            var aad = new byte[12 + (length % 5 * 4)];
            random.NextBytes(aad);
            var data = new byte[length];
            random.NextBytes(data);
            byte[] expected = (byte[])data.Clone();
            var expectedTag = new byte[16];
            var tag = new byte[16];

            using var hardware = new IntrinsicAesGcm(key, allowWideVectors);
            using var platform = new PlatformAesGcm(key);
            hardware.Encrypt(nonce, data, tag, aad);
            platform.Encrypt(nonce, expected, expectedTag, aad);

            Assert.Equal(expected, data);
            Assert.Equal(expectedTag, tag);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Decrypt_FlippedBitAnywhere_ReturnsFalseWithoutThrowing(bool hardware)
    {
        if (hardware && !IntrinsicAesGcm.IsSupported)
        {
            return;
        }

        var key = new byte[16];
        key[0] = 1;
        var nonce = new byte[12];
        byte[] aad = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var data = new byte[40];
        var tag = new byte[16];
        using IAesGcmCipher cipher = hardware ? new IntrinsicAesGcm(key) : new PlatformAesGcm(key);
        cipher.Encrypt(nonce, data, tag, aad);

        byte[] tamperedData = (byte[])data.Clone();
        tamperedData[39] ^= 0x80;
        Assert.False(cipher.Decrypt(nonce, tamperedData, tag, aad));

        byte[] tamperedTag = (byte[])tag.Clone();
        tamperedTag[0] ^= 1;
        Assert.False(cipher.Decrypt(nonce, (byte[])data.Clone(), tamperedTag, aad));

        byte[] tamperedAad = (byte[])aad.Clone();
        tamperedAad[11] ^= 1;
        Assert.False(cipher.Decrypt(nonce, (byte[])data.Clone(), tag, tamperedAad));

        Assert.True(cipher.Decrypt(nonce, data, tag, aad));
    }

    [Fact]
    public void Decrypt_IntrinsicForgery_LeavesCiphertextUntouched()
    {
        if (!IntrinsicAesGcm.IsSupported)
        {
            return;
        }

        using var cipher = new IntrinsicAesGcm(new byte[16]);
        var nonce = new byte[12];
        var data = new byte[64];
        var tag = new byte[16];
        cipher.Encrypt(nonce, data, tag, []);
        tag[15] ^= 1;
        byte[] before = (byte[])data.Clone();

        Assert.False(cipher.Decrypt(nonce, data, tag, []));
        Assert.Equal(before, data);
    }

    [Fact]
    public void Ghash_WideAndNarrowInstructions_AgreeOnEveryLength()
    {
        if (!Ghash.IsSupported)
        {
            return;
        }

        var random = new Random(8452);
        var hashKey = new byte[16];
        random.NextBytes(hashKey);
        var wide = new Ghash(System.Runtime.Intrinsics.Vector128.Create(hashKey));
        var narrow = new Ghash(System.Runtime.Intrinsics.Vector128.Create(hashKey), allowWideVectors: false);
        var data = new byte[700];
        random.NextBytes(data);
        for (int length = 0; length <= data.Length; length++)
        {
            var state = System.Runtime.Intrinsics.Vector128.Create(0x0123456789ABCDEFUL, 0xFEDCBA9876543210UL);
            Assert.Equal(narrow.Update(state, data.AsSpan(0, length)), wide.Update(state, data.AsSpan(0, length)));
        }
    }
}
