using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>RFC 3711 Appendix B.2 AES-CM keystream, on both the AES-NI and the platform cipher.</summary>
public sealed class AesCounterModeTests
{
    private static readonly byte[] SessionKey = Hex.Parse("2B7E151628AED2A6ABF7158809CF4F3C");

    // Session salt F0F1F2F3F4F5F6F7F8F9FAFBFCFD (already shifted), ROC 0, SEQ 0, SSRC 0.
    private static readonly byte[] Offset = Hex.Parse("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");

    public static TheoryData<bool> Implementations => new() { true, false };

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Transform_Rfc3711B2_KeystreamMatchesAtStartAndAcrossByteCarry(bool hardware)
    {
        if (hardware && !IntrinsicAes128.IsSupported)
        {
            return;
        }

        using IAesCounterMode cipher = Create(hardware);
        // XOR into zeros yields the keystream itself; 65282 blocks is the segment the RFC walks.
        var keystream = new byte[65282 * 16];
        cipher.Transform(Offset, keystream);

        // Counter F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000 .. 0002
        Assert.Equal("e03ead0935c95e80e166b16dd92b4eb4", Block(keystream, 0x0000));
        Assert.Equal("d23513162b02d0f72a43a2fe4a5f97ab", Block(keystream, 0x0001));
        Assert.Equal("41e95b3bb0a2e8dd477901e4fca894c0", Block(keystream, 0x0002));
        // Counter ...FEFF, ...FF00, ...FF01
        Assert.Equal("ec8cdf7398607cb0f2d21675ea9ea1e4", Block(keystream, 0xFEFF));
        Assert.Equal("362b7c3c6773516318a077d7fc5073ae", Block(keystream, 0xFF00));
        Assert.Equal("6a2cc3787889374fbeb4c81b17ba6c44", Block(keystream, 0xFF01));
    }

    [Fact]
    public void Transform_IntrinsicAndPlatform_AgreeOnEveryLengthAndCounter()
    {
        if (!IntrinsicAes128.IsSupported)
        {
            return;
        }

        var random = new Random(3711);
        var key = new byte[16];
        var iv = new byte[16];
        for (int length = 0; length <= 300; length++)
        {
            random.NextBytes(key);
            random.NextBytes(iv);
            if (length % 7 == 0)
            {
                // Let the 32-bit counter wrap mid-packet, as inc32 does in GCM.
                iv[12] = iv[13] = iv[14] = 0xFF;
                iv[15] = 0xFE;
            }

            var data = new byte[length];
            random.NextBytes(data);
            byte[] viaHardware = (byte[])data.Clone();
            byte[] viaPlatform = (byte[])data.Clone();

            using (var hardware = new IntrinsicAes128(key))
            {
                hardware.Transform(iv, viaHardware);
            }

            using (var platform = new PlatformAesCounterMode(key))
            {
                platform.Transform(iv, viaPlatform);
            }

            Assert.Equal(viaPlatform, viaHardware);
            if (length > 0)
            {
                Assert.NotEqual(data, viaHardware);
            }
        }
    }

    [Fact]
    public void EncryptBlock_Fips197AppendixB_MatchesCiphertext()
    {
        // FIPS-197 Appendix B: key 2b7e1516..., input 3243f6a8885a308d313198a2e0370734.
        byte[] input = Hex.Parse("3243f6a8885a308d313198a2e0370734");
        var output = new byte[16];
        foreach (bool hardware in new[] { true, false })
        {
            if (hardware && !IntrinsicAes128.IsSupported)
            {
                continue;
            }

            using IAesCounterMode cipher = Create(hardware);
            cipher.EncryptBlock(input, output);
            Assert.Equal("3925841d02dc09fbdc118597196a0b32", Hex.Format(output));
        }
    }

    private static IAesCounterMode Create(bool hardware) =>
        hardware ? new IntrinsicAes128(SessionKey) : new PlatformAesCounterMode(SessionKey);

    private static string Block(byte[] keystream, int counter) => Hex.Format(keystream.AsSpan(counter * 16, 16));
}
