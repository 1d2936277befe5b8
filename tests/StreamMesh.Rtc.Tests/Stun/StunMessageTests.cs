using System.Net;
using System.Text;
using StreamMesh.Rtc.Stun;

namespace StreamMesh.Rtc.Tests.Stun;

public class StunMessageTests
{
    private static readonly byte[] PasswordKey = Encoding.UTF8.GetBytes(Rfc5769Vectors.Password);

    [Fact]
    public void TryParse_Rfc5769SampleRequest_ExposesIceAttributes()
    {
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out StunMessage message));

        Assert.Equal(StunMessageClass.Request, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.Equal(StunTransactionId.Read(Rfc5769Vectors.TransactionId), message.TransactionId);
        Assert.Equal(Rfc5769Vectors.Username, Encoding.UTF8.GetString(message.Username));
        Assert.Equal("evtj", Encoding.UTF8.GetString(message.UsernameLocalPart));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(Rfc5769Vectors.RequestPriority, priority);
        Assert.True(message.TryGetIceControlled(out ulong tieBreaker));
        Assert.Equal(Rfc5769Vectors.RequestIceControlled, tieBreaker);
        Assert.False(message.TryGetIceControlling(out _));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.HasMessageIntegrity);
        Assert.True(message.HasFingerprint);
        Assert.True(message.TryGetAttribute(StunAttributeType.Software, out ReadOnlySpan<byte> software));
        Assert.Equal(Rfc5769Vectors.RequestSoftware, Encoding.UTF8.GetString(software));
    }

    [Fact]
    public void VerifyMessageIntegrity_Rfc5769SampleRequestWithItsPassword_ReturnsTrue()
    {
        StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out StunMessage message);

        Assert.True(message.VerifyMessageIntegrity(PasswordKey));
    }

    [Fact]
    public void VerifyMessageIntegrity_WrongPassword_ReturnsFalse()
    {
        StunMessage.TryParse(Rfc5769Vectors.SampleRequest, out StunMessage message);

        Assert.False(message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBu"u8));
    }

    [Fact]
    public void VerifyMessageIntegrity_TamperedHmac_ReturnsFalseButParses()
    {
        byte[] tampered = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        int hmac = 20 + 20 + 8 + 12 + 16 + 4; // header, SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MI header
        tampered[hmac] ^= 0x01;
        // The FINGERPRINT covers the HMAC, so it must be redone for the message to parse at all.
        RewriteFingerprint(tampered);

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(tampered, out StunMessage message));
        Assert.False(message.VerifyMessageIntegrity(PasswordKey));
    }

    [Fact]
    public void TryParse_Rfc5769IPv4Response_DecodesXorMappedAddress()
    {
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(Rfc5769Vectors.SampleIPv4Response, out StunMessage message));

        Assert.Equal(StunMessageClass.SuccessResponse, message.Class);
        Assert.Equal(StunMethod.Binding, message.Method);
        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), Rfc5769Vectors.MappedPort), mapped);
        Assert.True(message.VerifyMessageIntegrity(PasswordKey));
        Assert.False(message.HasUsername);
    }

    [Fact]
    public void TryParse_Rfc5769IPv6Response_DecodesXorMappedAddress()
    {
        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(Rfc5769Vectors.SampleIPv6Response, out StunMessage message));

        Assert.True(message.TryGetXorMappedAddress(out IPEndPoint? mapped));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), Rfc5769Vectors.MappedPort), mapped);
        Assert.True(message.VerifyMessageIntegrity(PasswordKey));
    }

    [Fact]
    public void TryParse_EveryTruncationOfSampleRequest_RejectedWithoutException()
    {
        byte[] full = Rfc5769Vectors.SampleRequest;
        for (int length = 0; length < full.Length; length++)
        {
            StunParseResult result = StunMessage.TryParse(full.AsSpan(0, length), out _);
            Assert.NotEqual(StunParseResult.Ok, result);
        }
    }

    [Fact]
    public void TryParse_ShorterThanHeader_ReturnsTooShort()
    {
        Assert.Equal(StunParseResult.TooShort, StunMessage.TryParse(Rfc5769Vectors.SampleRequest.AsSpan(0, 19), out _));
    }

    [Fact]
    public void TryParse_LengthFieldLargerThanDatagram_ReturnsBadLength()
    {
        byte[] bad = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        bad[3] = 0x5c; // 0x58 + 4

        Assert.Equal(StunParseResult.BadLength, StunMessage.TryParse(bad, out _));
    }

    [Fact]
    public void TryParse_LengthNotMultipleOfFour_ReturnsBadLength()
    {
        byte[] bad = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        bad[3] = 0x57;

        Assert.Equal(StunParseResult.BadLength, StunMessage.TryParse(bad.AsSpan(0, bad.Length - 1), out _));
    }

    [Fact]
    public void TryParse_TrailingBytesAfterMessage_ReturnsBadLength()
    {
        byte[] longer = [.. Rfc5769Vectors.SampleRequest, 0, 0, 0, 0];

        Assert.Equal(StunParseResult.BadLength, StunMessage.TryParse(longer, out _));
    }

    [Fact]
    public void TryParse_BadMagicCookie_ReturnsBadMagicCookie()
    {
        byte[] bad = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        bad[4] = 0x22;

        Assert.Equal(StunParseResult.BadMagicCookie, StunMessage.TryParse(bad, out _));
    }

    [Fact]
    public void TryParse_TopBitsSet_ReturnsNotStun()
    {
        byte[] bad = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        bad[0] = 0x80;

        Assert.Equal(StunParseResult.NotStun, StunMessage.TryParse(bad, out _));
    }

    [Fact]
    public void TryParse_CorruptedBody_ReturnsBadFingerprint()
    {
        byte[] bad = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        bad[24] ^= 0x20; // 'S' of SOFTWARE becomes 's'

        Assert.Equal(StunParseResult.BadFingerprint, StunMessage.TryParse(bad, out _));
    }

    [Fact]
    public void TryParse_AttributeAfterFingerprint_ReturnsBadFingerprint()
    {
        byte[] withTrailer = [.. Rfc5769Vectors.SampleRequest, 0x80, 0x22, 0x00, 0x00];
        withTrailer[3] += 4;

        Assert.Equal(StunParseResult.BadFingerprint, StunMessage.TryParse(withTrailer, out _));
    }

    [Fact]
    public void TryParse_AttributeLengthOverrunsMessage_ReturnsBadAttribute()
    {
        byte[] bad = (byte[])Rfc5769Vectors.SampleRequest.Clone();
        bad[22] = 0x00;
        bad[23] = 0xF0; // SOFTWARE claims 240 bytes

        Assert.Equal(StunParseResult.BadAttribute, StunMessage.TryParse(bad, out _));
    }

    [Fact]
    public void TryParse_PriorityWithWrongSize_ReturnsBadAttribute()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.WriteAttribute(StunAttributeType.Priority, [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal(StunParseResult.BadAttribute, StunMessage.TryParse(writer.Written, out _));
    }

    [Fact]
    public void TryParse_UnknownAttributesWithOddLengths_AreSkippedUsingPadding()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.WriteAttribute((StunAttributeType)0x7777, [1, 2, 3, 4, 5]);       // 3 bytes of padding
        writer.WriteAttribute(StunAttributeType.GoogNetworkInfo, [9]);           // what Chromium adds
        writer.WritePriority(42);
        writer.WriteAttribute((StunAttributeType)0xC0FE, []);
        writer.WriteUseCandidate();
        writer.WriteFingerprint();

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(writer.Written, out StunMessage message));
        Assert.True(message.TryGetPriority(out uint priority));
        Assert.Equal(42u, priority);
        Assert.True(message.HasUseCandidate);
        Assert.True(message.TryGetAttribute((StunAttributeType)0x7777, out ReadOnlySpan<byte> unknown));
        Assert.Equal([1, 2, 3, 4, 5], unknown.ToArray());
    }

    [Fact]
    public void TryParse_AttributesAfterMessageIntegrity_AreIgnored()
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunMessageClass.Request, StunMethod.Binding, StunTransactionId.NewRandom());
        writer.WriteUsername("a:b");
        writer.WriteMessageIntegrity("pw"u8);
        writer.WriteUseCandidate(); // not covered by the HMAC, so it must not count (RFC 8489 §14.5)
        writer.WriteFingerprint();

        Assert.Equal(StunParseResult.Ok, StunMessage.TryParse(writer.Written, out StunMessage message));
        Assert.False(message.HasUseCandidate);
        Assert.True(message.VerifyMessageIntegrity("pw"u8));
    }

    [Fact]
    public void TryParse_RandomGarbage_NeverThrows()
    {
        var random = new Random(5769);
        byte[] buffer = new byte[256];
        for (int i = 0; i < 20_000; i++)
        {
            int length = random.Next(0, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, length));
            if (length >= 20 && i % 2 == 0)
            {
                // Make half of them plausible enough to reach the attribute walk.
                buffer[0] &= 0x03;
                buffer[2] = (byte)((length - 20) >> 8);
                buffer[3] = (byte)(length - 20);
                buffer[4] = 0x21;
                buffer[5] = 0x12;
                buffer[6] = 0xa4;
                buffer[7] = 0x42;
            }

            if (StunMessage.TryParse(buffer.AsSpan(0, length), out StunMessage message) == StunParseResult.Ok)
            {
                message.TryGetXorMappedAddress(out _);
                message.TryGetMappedAddress(out _);
                message.TryGetErrorCode(out _);
                message.VerifyMessageIntegrity("x"u8);
                _ = message.UsernameLocalPart;
            }
        }
    }

    [Fact]
    public void TryParse_SampleRequest_DoesNotAllocate()
    {
        byte[] datagram = Rfc5769Vectors.SampleRequest;
        ParseAndRead(datagram); // warm up JIT and statics
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            ParseAndRead(datagram);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void ParseAndRead(byte[] datagram)
        {
            StunMessage.TryParse(datagram, out StunMessage message);
            message.TryGetPriority(out _);
            message.TryGetIceControlled(out _);
            _ = message.UsernameLocalPart;
            _ = message.TransactionId;
            message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBt"u8);
        }
    }

    private static void RewriteFingerprint(byte[] message)
    {
        int attribute = message.Length - 8;
        uint crc = Crc32(message.AsSpan(0, attribute)) ^ 0x5354554E;
        message[attribute + 4] = (byte)(crc >> 24);
        message[attribute + 5] = (byte)(crc >> 16);
        message[attribute + 6] = (byte)(crc >> 8);
        message[attribute + 7] = (byte)crc;
    }

    /// <summary>Bit-by-bit CRC-32 (independent of the table-driven one under test).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
