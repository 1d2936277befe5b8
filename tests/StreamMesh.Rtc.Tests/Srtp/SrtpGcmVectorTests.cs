using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>
/// RFC 7714 §16.1 (SRTP) and §17.1 (SRTCP) AEAD_AES_128_GCM vectors. They publish session keys, so the
/// context is built from session keys here; each runs on the AES-NI path and on the platform AesGcm.
/// </summary>
public sealed class SrtpGcmVectorTests
{
    // "The 16-octet (128-bit) key is 00 01 02 ... 0f"; salt 51756964 2070726f 2071756f ("Quid pro quo").
    private static readonly byte[] SessionKey = Hex.Parse("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] SessionSalt = Hex.Parse("51756964 2070726f 2071756f");

    // §16: RTP header 8040f17b 8041f8d3 5501a0b2 (SEQ f17b, SSRC 5501a0b2, ROC 0) and the 38-octet payload
    // "Gallia est omnis divisa in partes tres".
    private static readonly byte[] RtpPacket = Hex.Parse("""
        8040f17b 8041f8d3 5501a0b2 47616c6c
        69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472
        6573
        """);

    // §16.1.1 "Encrypted and tagged packet": header || ciphertext || 16-octet tag.
    private static readonly byte[] ProtectedRtpPacket = Hex.Parse("""
        8040f17b 8041f8d3 5501a0b2 f24de3a3
        fb34de6c acba861c 9d7e4bca be633bd5
        0d294e6f 42a5f47a 51c7d19b 36de3adf
        8833899d 7f27beb1 6a9152cf 765ee439
        0cce
        """);

    // §17: sender report from SSRC 4d617273 ("Mars"), SRTCP index 000005d4.
    private static readonly byte[] RtcpPacket = Hex.Parse("""
        81c8000d 4d617273 4e545031 4e545032
        52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef
        deadbeef
        """);

    // §17.1 "Encrypted and tagged packet": header || ciphertext || tag || E=1,index 5d4.
    private static readonly byte[] ProtectedRtcpPacket = Hex.Parse("""
        81c8000d 4d617273 63e94885 dcdab67c
        a727d766 2f6b7e99 7ff5c0f7 6c06f32d
        c676a5f1 730d6fda 4ce09b46 86303ded
        0bb9275b c84aa458 96cf4d2f c5abf872
        45d9eade 800005d4
        """);

    public static TheoryData<bool> Implementations => new() { true, false };

    [Fact]
    public void BuildRtpNonce_Rfc7714Section16_MatchesPublishedIv()
    {
        var nonce = new byte[12];
        AesGcmTransform.BuildRtpNonce(SessionSalt, 0x5501a0b2, 0xf17b, nonce);
        // 00 00 55 01 a0 b2 00 00 00 00 f1 7b XOR salt
        Assert.Equal("51753c6580c2726f20718414", Hex.Format(nonce));
    }

    [Fact]
    public void BuildRtcpNonce_Rfc7714Section17_MatchesPublishedIv()
    {
        var nonce = new byte[12];
        AesGcmTransform.BuildRtcpNonce(SessionSalt, 0x4d617273, 0x5d4, nonce);
        // 00 00 4d 61 72 73 00 00 00 00 05 d4 XOR salt
        Assert.Equal("517524055203726f207170bb", Hex.Format(nonce));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void ProtectRtp_Rfc7714Section16_1_1_MatchesEncryptedAndTaggedPacket(bool hardware)
    {
        using SrtpContext context = CreateContext(hardware);
        byte[] buffer = new byte[RtpPacket.Length + 16];
        RtpPacket.CopyTo(buffer, 0);

        SrtpResult result = context.ProtectRtp(buffer, RtpPacket.Length, out int protectedLength);

        Assert.Equal(SrtpResult.Ok, result);
        Assert.Equal(Hex.Format(ProtectedRtpPacket), Hex.Format(buffer.AsSpan(0, protectedLength)));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void UnprotectRtp_Rfc7714Section16_1_2_RecoversPlaintext(bool hardware)
    {
        using SrtpContext context = CreateContext(hardware);
        byte[] packet = (byte[])ProtectedRtpPacket.Clone();

        SrtpResult result = context.UnprotectRtp(packet, out int plainLength);

        Assert.Equal(SrtpResult.Ok, result);
        Assert.Equal(Hex.Format(RtpPacket), Hex.Format(packet.AsSpan(0, plainLength)));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void UnprotectRtp_Rfc7714PacketWithFlippedBit_AuthenticationFailed(bool hardware)
    {
        foreach (int position in new[] { 3, 12, 30, ProtectedRtpPacket.Length - 1 })
        {
            using SrtpContext context = CreateContext(hardware);
            byte[] packet = (byte[])ProtectedRtpPacket.Clone();
            packet[position] ^= 0x01;

            Assert.Equal(SrtpResult.AuthenticationFailed, context.UnprotectRtp(packet, out _));
            Assert.Equal(1, context.AuthenticationFailures);
        }
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void ProtectRtcp_Rfc7714Section17_1_MatchesEncryptedAndTaggedPacket(bool hardware)
    {
        using SrtpSessionKeys keys = VectorKeys();
        using var transform = new AesGcmTransform(keys, hardware);
        byte[] buffer = new byte[RtcpPacket.Length + 20];
        RtcpPacket.CopyTo(buffer, 0);

        int protectedLength = transform.ProtectRtcp(buffer, RtcpPacket.Length, 0x4d617273, 0x5d4, encrypt: true);

        Assert.Equal(Hex.Format(ProtectedRtcpPacket), Hex.Format(buffer.AsSpan(0, protectedLength)));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void UnprotectRtcp_Rfc7714Section17_1_RecoversSenderReport(bool hardware)
    {
        using SrtpContext context = CreateContext(hardware);
        byte[] packet = (byte[])ProtectedRtcpPacket.Clone();

        SrtpResult result = context.UnprotectRtcp(packet, out int plainLength);

        Assert.Equal(SrtpResult.Ok, result);
        Assert.Equal(Hex.Format(RtcpPacket), Hex.Format(packet.AsSpan(0, plainLength)));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void UnprotectRtcp_Rfc7714PacketWithChangedIndex_AuthenticationFailed(bool hardware)
    {
        using SrtpContext context = CreateContext(hardware);
        byte[] packet = (byte[])ProtectedRtcpPacket.Clone();
        packet[^1] ^= 0x01; // index 5d4 -> 5d5: changes both the IV and the AAD

        Assert.Equal(SrtpResult.AuthenticationFailed, context.UnprotectRtcp(packet, out _));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void UnprotectRtcp_UnencryptedRfc7714Packet_VerifiesWholePacketAsAad(bool hardware)
    {
        using SrtpSessionKeys keys = VectorKeys();
        using var transform = new AesGcmTransform(keys, hardware);
        byte[] buffer = new byte[RtcpPacket.Length + 20];
        RtcpPacket.CopyTo(buffer, 0);
        int protectedLength = transform.ProtectRtcp(buffer, RtcpPacket.Length, 0x4d617273, 0x5d4, encrypt: false);

        // RFC 7714 §9.3 layout: the packet in clear, a tag over it, then E=0 and the index.
        Assert.Equal(RtcpPacket, buffer[..RtcpPacket.Length]);
        Assert.Equal("000005d4", Hex.Format(buffer.AsSpan(protectedLength - 4, 4)));

        using SrtpContext context = CreateContext(hardware);
        byte[] packet = buffer[..protectedLength];
        Assert.Equal(SrtpResult.Ok, context.UnprotectRtcp(packet, out int plainLength));
        Assert.Equal(RtcpPacket, packet[..plainLength]);

        byte[] tampered = buffer[..protectedLength];
        tampered[20] ^= 0x10;
        using SrtpContext fresh = CreateContext(hardware);
        Assert.Equal(SrtpResult.AuthenticationFailed, fresh.UnprotectRtcp(tampered, out _));
        Assert.Equal(buffer[20] ^ 0x10, tampered[20]);
    }

    private static SrtpSessionKeys VectorKeys() => new(
        (byte[])SessionKey.Clone(), [], (byte[])SessionSalt.Clone(),
        (byte[])SessionKey.Clone(), [], (byte[])SessionSalt.Clone());

    private static SrtpContext CreateContext(bool hardware) =>
        new(SrtpProfile.AeadAes128Gcm, VectorKeys(), hardware, logger: null, ownsKeys: true);
}
