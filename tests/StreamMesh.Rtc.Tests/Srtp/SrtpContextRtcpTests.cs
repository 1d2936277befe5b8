using System.Buffers.Binary;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>SRTCP behaviour of <see cref="SrtpContext"/> for both profiles (RFC 3711 §3.4, RFC 7714 §9).</summary>
public sealed class SrtpContextRtcpTests
{
    public static TheoryData<SrtpProfile> Profiles => new() { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtcp_Encrypts_WithHeaderInClearEFlagSetAndIndexCounting(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        for (uint expectedIndex = 0; expectedIndex < 3; expectedIndex++)
        {
            byte[] buffer = TestPackets.Rtcp();
            byte[] original = buffer[..32];
            byte[] packet = Sessions.ProtectRtcp(sender, buffer);

            Assert.Equal(32 + sender.RtcpOverhead, packet.Length);
            Assert.Equal(original[..8], packet[..8]);
            Assert.NotEqual(original[8..], packet[8..32]);
            uint indexWord = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(IndexOffset(profile, packet.Length)));
            Assert.Equal(0x8000_0000u | expectedIndex, indexWord);

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet, out int plainLength));
            Assert.Equal(original, packet[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_CompoundPacket_RoundTrips(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        // SR (28 bytes, no report blocks) followed by SDES with one CNAME chunk (16 bytes).
        byte[] compound = Hex.Parse("""
            80c80006 11223344 e9b0a5c1 00000000 0001e240 0000000a 00000640
            81ca0003 11223344 0106616c 69636500
            """);
        byte[] buffer = [.. compound, .. new byte[sender.RtcpOverhead]];

        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(buffer, compound.Length, out int protectedLength));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(buffer.AsSpan(0, protectedLength), out int plainLength));
        Assert.Equal(compound, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_UnencryptedPacket_EFlagClearPayloadReadableAndAuthenticated(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] buffer = TestPackets.Rtcp();
        byte[] original = buffer[..32];
        byte[] packet = Sessions.ProtectRtcp(sender, buffer, encrypt: false);

        Assert.Equal(original, packet[..32]);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(IndexOffset(profile, packet.Length))) >> 31);

        byte[] tampered = (byte[])packet.Clone();
        tampered[20] ^= 0x01;
        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtcp(tampered, out _));

        // Setting the E-flag on an unencrypted packet must not verify either: the flag is authenticated.
        byte[] flagged = (byte[])packet.Clone();
        flagged[IndexOffset(profile, packet.Length)] |= 0x80;
        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtcp(flagged, out _));

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet, out int plainLength));
        Assert.Equal(original, packet[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_ReplayWindow_AcceptsLateRejectsDuplicateAndTooOld(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        var packets = new byte[200][];
        for (int i = 0; i < packets.Length; i++)
        {
            packets[i] = Sessions.ProtectRtcp(sender, TestPackets.Rtcp(fill: (byte)i));
        }

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(Copy(packets[150]), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(Copy(packets[23]), out _));
        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtcp(Copy(packets[23]), out _));
        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtcp(Copy(packets[150]), out _));
        Assert.Equal(SrtpResult.TooOld, receiver.UnprotectRtcp(Copy(packets[22]), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(Copy(packets[199]), out _));
        Assert.Equal(3, receiver.ReplaysDetected);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_TamperedHeaderPayloadIndexOrTag_AuthenticationFailedAndStateNotAdvanced(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] packet = Sessions.ProtectRtcp(sender, TestPackets.Rtcp());
        int indexOffset = IndexOffset(profile, packet.Length);

        foreach (int position in new[] { 1, 7, 8, 31, indexOffset + 3, packet.Length - 1 })
        {
            byte[] tampered = Copy(packet);
            tampered[position] ^= 0x02;
            Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtcp(tampered, out _));
        }

        Assert.Equal(6, receiver.AuthenticationFailures);
        Assert.Equal(0, receiver.StreamCount);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(packet, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtcp_TruncatedOrGarbage_MalformedWithoutThrowing(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] valid = Sessions.ProtectRtcp(sender, TestPackets.Rtcp());

        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtcp([], out _));
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtcp(valid.AsSpan(0, 8 + receiver.RtcpOverhead - 1), out _));

        byte[] version0 = Copy(valid);
        version0[0] &= 0x3F;
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtcp(version0, out _));

        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtcp(valid.AsSpan(0, 7), out _));
        Assert.Equal(4, receiver.MalformedPackets);

        var random = new Random(3550);
        for (int i = 0; i < 5000; i++)
        {
            var garbage = new byte[random.Next(0, 200)];
            random.NextBytes(garbage);
            if (garbage.Length > 0)
            {
                garbage[0] = (byte)(0x80 | (garbage[0] & 0x3F));
            }

            Assert.NotEqual(SrtpResult.Ok, receiver.UnprotectRtcp(garbage, out _));
        }

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtcp(valid, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtcp_NoRoomOrMalformed_ReportsWithoutWriting(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        byte[] buffer = TestPackets.Rtcp();
        byte[] original = (byte[])buffer.Clone();

        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtcp(buffer.AsSpan(0, 32 + sender.RtcpOverhead - 1), 32, out _));
        Assert.Equal(original, buffer);
        Assert.Equal(SrtpResult.Malformed, sender.ProtectRtcp(buffer, 7, out _));
        buffer[0] = 0x41;
        Assert.Equal(SrtpResult.Malformed, sender.ProtectRtcp(buffer, 32, out _));
    }

    [Fact]
    public void ProtectRtcp_IndexAtLimit_IndexExhausted()
    {
        using SrtpContext sender = Sessions.Create(SrtpProfile.AeadAes128Gcm, 1);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(TestPackets.Rtcp(), 32, out _));
        ForceNextRtcpIndex(sender, 0x11223344, 0x7FFF_FFFF);
        Assert.Equal(SrtpResult.Ok, sender.ProtectRtcp(TestPackets.Rtcp(), 32, out _));
        Assert.Equal(SrtpResult.IndexExhausted, sender.ProtectRtcp(TestPackets.Rtcp(), 32, out _));
    }

    private static void ForceNextRtcpIndex(SrtpContext context, uint ssrc, uint next)
    {
        // Reaching 2^31 packets for real would take hours; set the stream's counter through the same path a
        // long session would have taken it.
        var streams = (Dictionary<uint, SrtpStream>)typeof(SrtpContext)
            .GetField("_streams", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(context)!;
        streams[ssrc].NextRtcpIndex = next;
    }

    private static int IndexOffset(SrtpProfile profile, int packetLength) =>
        profile == SrtpProfile.AeadAes128Gcm ? packetLength - 4 : packetLength - 14;

    private static byte[] Copy(byte[] packet) => (byte[])packet.Clone();
}
