using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>
/// End-to-end reference packets from libsrtp's srtp_validate and srtp_validate_gcm (the library Chromium
/// uses), from master key and salt through the KDF to the wire bytes.
/// </summary>
public sealed class SrtpReferencePacketTests
{
    // RTP: V=2, PT 15, SEQ 1234, TS decafbad, SSRC cafebabe, 16 octets of ab.
    private const string RtpPlaintext = "800f1234decafbadcafebabe abababababababababababababababab";

    // RTCP: sender report header from SSRC cafebabe, 16 octets of ab.
    private const string RtcpPlaintext = "81c8000bcafebabe abababababababababababababababab";

    public static TheoryData<SrtpProfile, string, string, string> Vectors => new()
    {
        {
            SrtpProfile.Aes128CmHmacSha1_80,
            "e1f97a0d3e018be0d64fa32c06de4139 0ec675ad498afeebb6960b3aabe6",
            // header || AES-CM ciphertext || 80-bit HMAC-SHA1 tag
            "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb",
            // header || ciphertext || E=1, index 1 || tag
            "81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798"
        },
        {
            SrtpProfile.AeadAes128Gcm,
            "000102030405060708090a0b0c0d0e0f a0a1a2a3a4a5a6a7a8a9aaab",
            // header || GCM ciphertext || 16-octet tag
            "800f1234decafbadcafebabe c5002ede04cfdd2eb91159e0880aa06e d2976826f796b201df3131a127e8a392",
            // header || ciphertext || tag || E=1, index 1
            "81c8000bcafebabe c98b8b5df0392a55852b6c21ac8e7025 c52c6fbea2b3b446ea31123ba88ce61e 80000001"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ProtectRtp_LibsrtpReference_MatchesWireBytes(SrtpProfile profile, string keyAndSalt, string srtp, string srtcp)
    {
        _ = srtcp;
        using SrtpContext sender = Create(profile, keyAndSalt);
        byte[] plain = Hex.Parse(RtpPlaintext);
        byte[] buffer = [.. plain, .. new byte[sender.RtpOverhead]];

        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, plain.Length, out int length));
        Assert.Equal(Hex.Format(Hex.Parse(srtp)), Hex.Format(buffer.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void UnprotectRtp_LibsrtpReference_RecoversPlaintext(SrtpProfile profile, string keyAndSalt, string srtp, string srtcp)
    {
        _ = srtcp;
        using SrtpContext receiver = Create(profile, keyAndSalt);
        byte[] packet = Hex.Parse(srtp);

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(packet, out int length));
        Assert.Equal(Hex.Format(Hex.Parse(RtpPlaintext)), Hex.Format(packet.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ProtectRtcp_LibsrtpReferenceAtIndexOne_MatchesWireBytes(SrtpProfile profile, string keyAndSalt, string srtp, string srtcp)
    {
        _ = srtp;
        using SrtpContext sender = Create(profile, keyAndSalt);
        byte[] plain = Hex.Parse(RtcpPlaintext);

        // libsrtp numbers its first SRTCP packet 1; RFC 3711 §3.4 starts at 0, so send index 0 first.
        byte[] first = [.. plain, .. new byte[sender.RtcpOverhead]];
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(first, plain.Length, out _));

        byte[] buffer = [.. plain, .. new byte[sender.RtcpOverhead]];
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, plain.Length, out int length));
        Assert.Equal(Hex.Format(Hex.Parse(srtcp)), Hex.Format(buffer.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void UnprotectRtcp_LibsrtpReference_RecoversPlaintext(SrtpProfile profile, string keyAndSalt, string srtp, string srtcp)
    {
        _ = srtp;
        using SrtpContext receiver = Create(profile, keyAndSalt);
        byte[] packet = Hex.Parse(srtcp);

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet, out int length));
        Assert.Equal(Hex.Format(Hex.Parse(RtcpPlaintext)), Hex.Format(packet.AsSpan(0, length)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void ProtectRtpAndRtcp_PortableCipherPath_MatchesSameWireBytes(SrtpProfile profile, string keyAndSalt, string srtp, string srtcp)
    {
        // Machines without AES-NI/PCLMULQDQ use the platform AES and AesGcm instead; same bytes required.
        byte[] material = Hex.Parse(keyAndSalt);
        SrtpSessionKeys keys = SrtpSessionKeys.Derive(profile, material.AsSpan(0, 16), material.AsSpan(16));
        using var sender = new SrtpContext(profile, keys, useHardwareIntrinsics: false, logger: null, ownsKeys: true);

        byte[] rtp = [.. Hex.Parse(RtpPlaintext), .. new byte[sender.RtpOverhead]];
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(rtp, rtp.Length - sender.RtpOverhead, out int rtpLength));
        Assert.Equal(Hex.Format(Hex.Parse(srtp)), Hex.Format(rtp.AsSpan(0, rtpLength)));

        byte[] rtcp = [.. Hex.Parse(RtcpPlaintext), .. new byte[sender.RtcpOverhead]];
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp((byte[])rtcp.Clone(), rtcp.Length - sender.RtcpOverhead, out _));
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(rtcp, rtcp.Length - sender.RtcpOverhead, out int rtcpLength));
        Assert.Equal(Hex.Format(Hex.Parse(srtcp)), Hex.Format(rtcp.AsSpan(0, rtcpLength)));
    }

    private static SrtpContext Create(SrtpProfile profile, string keyAndSalt)
    {
        byte[] material = Hex.Parse(keyAndSalt);
        return new SrtpContext(profile, material.AsSpan(0, 16), material.AsSpan(16));
    }
}
