using System.Buffers.Binary;
using StreamMesh.Rtc.Srtp;

namespace StreamMesh.Rtc.Tests.Srtp;

/// <summary>SRTP (RTP) behaviour of <see cref="SrtpContext"/> for both profiles.</summary>
public sealed class SrtpContextRtpTests
{
    public static TheoryData<SrtpProfile> Profiles => new() { SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm };

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Overheads_PerProfile_MatchRfcTagAndTrailerSizes(SrtpProfile profile)
    {
        using SrtpContext context = Sessions.Create(profile, 1);
        bool gcm = profile == SrtpProfile.AeadAes128Gcm;
        Assert.Equal(gcm ? 16 : 10, context.RtpOverhead);
        Assert.Equal(gcm ? 20 : 14, context.RtcpOverhead);
        Assert.Equal(context.RtpOverhead, profile.RtpOverhead());
        Assert.Equal(context.RtcpOverhead, profile.RtcpOverhead());
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectThenUnprotect_VariousPayloadSizes_RoundTripsWithHeaderInClear(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        ushort sequence = 100;
        foreach (int payloadLength in new[] { 0, 1, 15, 16, 17, 127, 128, 129, 1200, 1400 })
        {
            byte[] buffer = TestPackets.Rtp(sequence++, payloadLength: payloadLength);
            int length = TestPackets.Length(buffer);
            byte[] original = buffer[..length];

            Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
            Assert.Equal(length + sender.RtpOverhead, protectedLength);
            Assert.Equal(original[..12], buffer[..12]);
            if (payloadLength >= 4)
            {
                Assert.NotEqual(original[12..], buffer[12..length]);
            }

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtp_CsrcsAndHeaderExtension_StayInClearAndAreAuthenticated(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] buffer = TestPackets.Rtp(7, payloadLength: 40, csrcCount: 3, extensionWords: 2);
        int length = TestPackets.Length(buffer);
        const int headerLength = 12 + 12 + 4 + 8;
        byte[] original = buffer[..length];

        Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));
        Assert.Equal(original[..headerLength], buffer[..headerLength]);
        Assert.NotEqual(original[headerLength..], buffer[headerLength..length]);

        byte[] tampered = buffer[..protectedLength];
        tampered[headerLength - 1] ^= 0x01; // last extension byte: clear, but authenticated
        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(tampered, out _));

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength));
        Assert.Equal(original, buffer[..plainLength]);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtp_SequenceWrap_SenderIncrementsRocAndReceiverFollows(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        using SrtpContext freshSender = Sessions.Create(profile, 1);

        for (int i = 0; i < 20; i++)
        {
            ushort sequence = unchecked((ushort)(65_530 + i)); // 65530..65535, then 0..13 with ROC 1
            byte[] buffer = TestPackets.Rtp(sequence);
            int length = TestPackets.Length(buffer);
            byte[] original = buffer[..length];
            Assert.Equal(SrtpResult.Ok, sender.ProtectRtp(buffer, length, out int protectedLength));

            if (sequence < 100)
            {
                // A context that never saw the wrap protects with ROC 0: different bytes, proving the ROC is used.
                byte[] other = TestPackets.Rtp(sequence);
                Assert.Equal(SrtpResult.Ok, freshSender.ProtectRtp(other, length, out _));
                Assert.NotEqual(other[..protectedLength], buffer[..protectedLength]);
            }

            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out int plainLength));
            Assert.Equal(original, buffer[..plainLength]);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_ReorderedAcrossWrap_AcceptsLatePacketWithPreviousRoc(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        ushort[] sent = [65_533, 65_534, 65_535, 0, 1, 2];
        var packets = new Dictionary<ushort, byte[]>();
        foreach (ushort sequence in sent)
        {
            packets[sequence] = Sessions.Protect(sender, TestPackets.Rtp(sequence));
        }

        // Arrival order: the packets just before the wrap arrive after those just after it.
        ushort[] arrival = [65_533, 1, 0, 65_535, 2, 65_534];
        foreach (ushort sequence in arrival)
        {
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp((byte[])packets[sequence].Clone(), out _));
        }

        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtp((byte[])packets[65_535].Clone(), out _));
        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtp((byte[])packets[1].Clone(), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtp_RetransmissionFromBeforeWrap_UsesRocItWasFirstSentWith(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Sessions.Protect(sender, TestPackets.Rtp(65_534)), out _));
        _ = Sessions.Protect(sender, TestPackets.Rtp(65_535)); // lost
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Sessions.Protect(sender, TestPackets.Rtp(0)), out _));

        // NACKed retransmission of 65535 after the sender's ROC moved to 1.
        byte[] retransmission = Sessions.Protect(sender, TestPackets.Rtp(65_535));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(retransmission, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_ReplayWindow_AcceptsLateRejectsDuplicateAndTooOld(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        var packets = new byte[400][];
        for (int i = 0; i < packets.Length; i++)
        {
            packets[i] = Sessions.Protect(sender, TestPackets.Rtp((ushort)(1000 + i)));
        }

        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(packets[0]), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(packets[300]), out _));
        // 127 behind the highest: still inside the 128-packet window.
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(packets[173]), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(packets[299]), out _));
        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtp(Copy(packets[299]), out _));
        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtp(Copy(packets[300]), out _));
        // 128 behind: behind the window.
        Assert.Equal(SrtpResult.TooOld, receiver.UnprotectRtp(Copy(packets[172]), out _));
        Assert.Equal(SrtpResult.TooOld, receiver.UnprotectRtp(Copy(packets[0]), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(packets[301]), out _));

        Assert.Equal(4, receiver.ReplaysDetected);
        Assert.Equal(0, receiver.AuthenticationFailures);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_TamperedPayloadTagOrHeader_AuthenticationFailedAndStateNotAdvanced(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] first = Sessions.Protect(sender, TestPackets.Rtp(10));
        byte[] next = Sessions.Protect(sender, TestPackets.Rtp(11));
        byte[] farAhead = Sessions.Protect(sender, TestPackets.Rtp(3000));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(first), out _));

        int tagStart = farAhead.Length - receiver.RtpOverhead;
        foreach (int position in new[] { 1, 3, 9, 12, 100, tagStart - 1, tagStart, farAhead.Length - 1 })
        {
            byte[] tampered = Copy(farAhead);
            tampered[position] ^= 0x04;
            Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(tampered, out _));
        }

        // Had a forged packet moved the window to 3000, packet 11 would now be too old.
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(next), out _));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Copy(farAhead), out _));
        Assert.Equal(8, receiver.AuthenticationFailures);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_ForgedPacketOfUnknownSsrc_CreatesNoStream(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 2); // different keys
        Assert.Equal(SrtpResult.AuthenticationFailed, receiver.UnprotectRtp(Sessions.Protect(sender, TestPackets.Rtp(5)), out _));
        Assert.Equal(0, receiver.StreamCount);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_TruncatedOrGarbage_MalformedWithoutThrowing(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] valid = Sessions.Protect(sender, TestPackets.Rtp(1, payloadLength: 20, csrcCount: 1, extensionWords: 1));

        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp([], out _));
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(valid.AsSpan(0, 5), out _));
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(valid.AsSpan(0, 12 + receiver.RtpOverhead - 1), out _));

        byte[] version1 = Copy(valid);
        version1[0] = (byte)((version1[0] & 0x3F) | 0x40);
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(version1, out _));

        byte[] tooManyCsrcs = Copy(valid);
        tooManyCsrcs[0] |= 0x0F;
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(tooManyCsrcs, out _));

        byte[] longExtension = Copy(valid);
        BinaryPrimitives.WriteUInt16BigEndian(longExtension.AsSpan(12 + 4 + 2), 0xFFFF);
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(longExtension, out _));

        // Header and extension fit, but nothing is left for the tag.
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(valid.AsSpan(0, 12 + 4 + 8 + receiver.RtpOverhead - 1), out _));

        Assert.Equal(7, receiver.MalformedPackets);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(valid, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_RandomBytes_NeverThrowsNorAccepts(SrtpProfile profile)
    {
        using SrtpContext receiver = Sessions.Create(profile, 1);
        var random = new Random(42);
        for (int i = 0; i < 5000; i++)
        {
            var packet = new byte[random.Next(0, 300)];
            random.NextBytes(packet);
            if (i % 2 == 0 && packet.Length > 0)
            {
                packet[0] = (byte)(0x80 | (packet[0] & 0x3F)); // make half of them look like RTP v2
            }

            SrtpResult result = receiver.UnprotectRtp(packet, out int plainLength);
            Assert.NotEqual(SrtpResult.Ok, result);
            Assert.Equal(0, plainLength);
        }

        Assert.Equal(0, receiver.StreamCount);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtp_NoRoomForTagOrMalformed_ReportsWithoutWriting(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        byte[] buffer = TestPackets.Rtp(1, payloadLength: 50);
        int length = TestPackets.Length(buffer);
        byte[] original = (byte[])buffer.Clone();

        Assert.Equal(SrtpResult.BufferTooSmall, sender.ProtectRtp(buffer.AsSpan(0, length + sender.RtpOverhead - 1), length, out int protectedLength));
        Assert.Equal(0, protectedLength);
        Assert.Equal(original, buffer);

        buffer[0] = 0x40;
        Assert.Equal(SrtpResult.Malformed, sender.ProtectRtp(buffer, length, out _));
        Assert.Equal(SrtpResult.Malformed, sender.ProtectRtp(buffer, 11, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => sender.ProtectRtp(new byte[20], 21, out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void UnprotectRtp_Padding_ValidAcceptedAndImpossibleCountMalformed(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] padded = TestPackets.Rtp(1, payloadLength: 20, padding: 4);
        int length = TestPackets.Length(padded);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Sessions.Protect(sender, padded), out int plainLength));

        byte[] zeroCount = TestPackets.Rtp(2, payloadLength: 20, padding: 4);
        zeroCount[TestPackets.Length(zeroCount) - 1] = 0;
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(Sessions.Protect(sender, zeroCount), out _));

        byte[] overlong = TestPackets.Rtp(3, payloadLength: 20, padding: 4);
        overlong[TestPackets.Length(overlong) - 1] = 25;
        byte[] protectedOverlong = Sessions.Protect(sender, overlong);
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(Copy(protectedOverlong), out _));
        // Rejected packets leave no trace in the replay list.
        Assert.Equal(SrtpResult.Malformed, receiver.UnprotectRtp(Copy(protectedOverlong), out _));
        Assert.Equal(length, plainLength);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectRtp_SeveralSsrcs_KeepIndependentState(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        for (ushort sequence = 0; sequence < 10; sequence++)
        {
            foreach (uint ssrc in new uint[] { 1, 2, 0xFFFFFFFF })
            {
                ushort seq = ssrc == 2 ? (ushort)(65_530 + sequence) : sequence; // only SSRC 2 wraps
                Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Sessions.Protect(sender, TestPackets.Rtp(seq, ssrc)), out _));
            }
        }

        Assert.Equal(3, sender.StreamCount);
        Assert.Equal(3, receiver.StreamCount);
        // State is per SSRC: resending SSRC 1's last index is a replay although other SSRCs moved on.
        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtp(Sessions.Protect(sender, TestPackets.Rtp(9, 1)), out _));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void FromKeyingMaterial_ClientAndServer_EachDirectionDecryptsOnlyWithItsPeer(SrtpProfile profile)
    {
        var material = new byte[profile.KeyingMaterialLength()];
        new Random(5764).NextBytes(material);
        using SrtpContext clientOut = SrtpContext.FromKeyingMaterial(profile, material, useClientWriteKeys: true);
        using SrtpContext serverIn = SrtpContext.FromKeyingMaterial(profile, material, useClientWriteKeys: true);
        using SrtpContext serverOut = SrtpContext.FromKeyingMaterial(profile, material, useClientWriteKeys: false);
        using SrtpContext clientIn = SrtpContext.FromKeyingMaterial(profile, material, useClientWriteKeys: false);

        Assert.Equal(SrtpResult.Ok, serverIn.UnprotectRtp(Sessions.Protect(clientOut, TestPackets.Rtp(1)), out _));
        Assert.Equal(SrtpResult.Ok, clientIn.UnprotectRtp(Sessions.Protect(serverOut, TestPackets.Rtp(1)), out _));
        Assert.Equal(SrtpResult.AuthenticationFailed, clientIn.UnprotectRtp(Sessions.Protect(clientOut, TestPackets.Rtp(2)), out _));
        Assert.Throws<ArgumentException>(() => SrtpContext.FromKeyingMaterial(profile, material.AsSpan(1), true));
    }

    [Fact]
    public void FromKeyingMaterial_Rfc5764Layout_TakesKeysThenSalts()
    {
        const SrtpProfile profile = SrtpProfile.Aes128CmHmacSha1_80;
        byte[] clientKey = Enumerable.Repeat((byte)0x11, 16).ToArray();
        byte[] serverKey = Enumerable.Repeat((byte)0x22, 16).ToArray();
        byte[] clientSalt = Enumerable.Repeat((byte)0x33, 14).ToArray();
        byte[] serverSalt = Enumerable.Repeat((byte)0x44, 14).ToArray();
        byte[] material = [.. clientKey, .. serverKey, .. clientSalt, .. serverSalt];

        using SrtpContext fromMaterial = SrtpContext.FromKeyingMaterial(profile, material, useClientWriteKeys: false);
        using var explicitServer = new SrtpContext(profile, serverKey, serverSalt);
        Assert.Equal(
            Sessions.Protect(explicitServer, TestPackets.Rtp(1)),
            Sessions.Protect(fromMaterial, TestPackets.Rtp(1)));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ProtectAndUnprotect_SteadyState_AllocateNothing(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] template = TestPackets.Rtp(0, payloadLength: 1188);
        int length = TestPackets.Length(template);
        byte[] buffer = (byte[])template.Clone();

        int failures = 0;
        void RoundTrip(ushort sequence)
        {
            template.CopyTo(buffer, 0);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
            if (sender.ProtectRtp(buffer, length, out int protectedLength) != SrtpResult.Ok
                || receiver.UnprotectRtp(buffer.AsSpan(0, protectedLength), out _) != SrtpResult.Ok)
            {
                failures++;
            }
        }

        RoundTrip(0); // first packet of the SSRC allocates its stream state
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (ushort sequence = 1; sequence < 500; sequence++)
        {
            RoundTrip(sequence);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void RemoveStream_KnownSsrc_NextPacketStartsFreshStream(SrtpProfile profile)
    {
        using SrtpContext sender = Sessions.Create(profile, 1);
        using SrtpContext receiver = Sessions.Create(profile, 1);
        byte[] packet = Sessions.Protect(sender, TestPackets.Rtp(40, 0xAAAA));
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp((byte[])packet.Clone(), out _));
        Assert.Equal(SrtpResult.ReplayDetected, receiver.UnprotectRtp((byte[])packet.Clone(), out _));

        Assert.True(receiver.RemoveStream(0xAAAA));
        Assert.False(receiver.RemoveStream(0xAAAA));
        Assert.Equal(0, receiver.StreamCount);
        Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp((byte[])packet.Clone(), out _));
    }

    [Fact]
    public void UnprotectRtp_MoreSsrcsThanLimit_StreamLimitReached()
    {
        using SrtpContext sender = Sessions.Create(SrtpProfile.AeadAes128Gcm, 1);
        using SrtpContext receiver = Sessions.Create(SrtpProfile.AeadAes128Gcm, 1);
        for (uint ssrc = 0; ssrc < SrtpContext.MaxStreams; ssrc++)
        {
            Assert.Equal(SrtpResult.Ok, receiver.UnprotectRtp(Sessions.Protect(sender, TestPackets.Rtp(1, ssrc, payloadLength: 4)), out _));
        }

        byte[] extra = TestPackets.Rtp(1, SrtpContext.MaxStreams, payloadLength: 4);
        Assert.Equal(SrtpResult.StreamLimitReached, sender.ProtectRtp(extra, TestPackets.Length(extra), out _));
        Assert.True(sender.RemoveStream(0));
        byte[] protectedExtra = Sessions.Protect(sender, extra);
        Assert.Equal(SrtpResult.StreamLimitReached, receiver.UnprotectRtp(protectedExtra, out _));
        Assert.Equal(SrtpContext.MaxStreams, receiver.StreamCount);
    }

    [Fact]
    public void ProtectRtp_SequenceFromBeforeStreamStart_TooOld()
    {
        using SrtpContext sender = Sessions.Create(SrtpProfile.AeadAes128Gcm, 1);
        _ = Sessions.Protect(sender, TestPackets.Rtp(10));
        // 60000 after 10 with ROC 0 would need ROC -1 (RFC 3711 Appendix A): no index exists for it.
        byte[] early = TestPackets.Rtp(60_000);
        Assert.Equal(SrtpResult.TooOld, sender.ProtectRtp(early, TestPackets.Length(early), out _));
    }

    [Fact]
    public void ProtectRtp_RolloverCounterWouldOverflow_IndexExhausted()
    {
        using SrtpContext sender = Sessions.Create(SrtpProfile.Aes128CmHmacSha1_80, 1);
        _ = Sessions.Protect(sender, TestPackets.Rtp(0xFFFF));
        // 2^48 packets cannot be sent in a test; put the stream where a very long session would have left it.
        var streams = (Dictionary<uint, SrtpStream>)typeof(SrtpContext)
            .GetField("_streams", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(sender)!;
        streams[0x11223344].Rtp.Accept(SrtpStream.MaxRtpIndex);

        byte[] next = TestPackets.Rtp(0);
        Assert.Equal(SrtpResult.IndexExhausted, sender.ProtectRtp(next, TestPackets.Length(next), out _));
    }

    [Fact]
    public void Dispose_ThenUse_ThrowsObjectDisposed()
    {
        SrtpContext context = Sessions.Create(SrtpProfile.AeadAes128Gcm, 1);
        context.Dispose();
        context.Dispose();
        Assert.Throws<ObjectDisposedException>(() => context.UnprotectRtp(new byte[40], out _));
    }

    private static byte[] Copy(byte[] packet) => (byte[])packet.Clone();
}
