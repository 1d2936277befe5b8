using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Rtp;

public class RtpPacketTests
{
    private static readonly byte[] PaddedPacket = WireHex.Parse("""
        A0 60 00 07   // V=2 P=1 X=0 CC=0 | M=0 PT=96 | seq 7
        00 00 00 64   // timestamp 100
        00 00 00 01   // SSRC 1
        AA BB         // payload
        00 00 03      // padding: two zeros, count octet 3 (RFC 3550 §5.1)
        """);

    [Fact]
    public void TryParse_PaddedPacket_ExcludesPaddingFromPayload()
    {
        Assert.True(RtpPacket.TryParse(PaddedPacket, out RtpPacket packet));

        Assert.True(packet.Header.HasPadding);
        Assert.Equal(3, packet.PaddingLength);
        Assert.Equal(12, packet.PayloadOffset);
        Assert.Equal(2, packet.PayloadLength);
        Assert.Equal(new byte[] { 0xAA, 0xBB }, packet.Payload.ToArray());
        Assert.Equal(PaddedPacket.Length, packet.Length);
    }

    [Fact]
    public void TryParse_PaddingCountZero_ReturnsFalse()
    {
        byte[] packet = (byte[])PaddedPacket.Clone();
        packet[^1] = 0;

        Assert.False(RtpPacket.TryParse(packet, out _));
    }

    [Fact]
    public void TryParse_PaddingCountReachingIntoHeader_ReturnsFalse()
    {
        byte[] packet = (byte[])PaddedPacket.Clone();
        packet[^1] = 6; // only 5 bytes follow the header

        Assert.False(RtpPacket.TryParse(packet, out _));
    }

    [Fact]
    public void TryParse_PaddingBitWithoutAnyBytesAfterHeader_ReturnsFalse()
    {
        Assert.False(RtpPacket.TryParse(PaddedPacket.AsSpan(0, 12), out _));
    }

    [Fact]
    public void TryParse_PaddingOnlyPacket_HasEmptyPayload()
    {
        byte[] probe = WireHex.Parse("A0 60 00 07 00 00 00 64 00 00 00 01 00 00 00 04");

        Assert.True(RtpPacket.TryParse(probe, out RtpPacket packet));
        Assert.Equal(0, packet.PayloadLength);
        Assert.Equal(4, packet.PaddingLength);
    }

    [Fact]
    public void WriteTo_WithPadding_SetsPBitAndCountOctet()
    {
        byte[] payload = [0xAA, 0xBB];
        var packet = new RtpPacket
        {
            Header = new RtpHeader { PayloadType = 96, SequenceNumber = 7, Timestamp = 100, Ssrc = 1 },
            Payload = payload,
            PaddingLength = 3,
        };
        var buffer = new byte[32];

        int written = packet.WriteTo(buffer);

        Assert.Equal(WireHex.Format(PaddedPacket), WireHex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void WriteTo_NoPaddingButHeaderSaysPadding_ClearsPBit()
    {
        Assert.True(RtpPacket.TryParse(PaddedPacket, out RtpPacket parsed));
        RtpPacket unpadded = parsed with { PaddingLength = 0 };
        var buffer = new byte[32];

        int written = unpadded.WriteTo(buffer);

        Assert.Equal(14, written);
        Assert.Equal(0x80, buffer[0]);
    }

    [Fact]
    public void WriteThenParse_RandomPackets_RoundTrip()
    {
        var random = new Random(3550);
        var buffer = new byte[2048];
        for (int iteration = 0; iteration < 500; iteration++)
        {
            byte[] csrcs = new byte[random.Next(0, 16) * 4];
            random.NextBytes(csrcs);
            byte[] extension = new byte[random.Next(0, 10) * 4];
            random.NextBytes(extension);
            byte[] payload = new byte[random.Next(0, 1200)];
            random.NextBytes(payload);
            bool withExtension = random.Next(2) == 0;
            var header = new RtpHeader
            {
                Marker = random.Next(2) == 0,
                PayloadType = (byte)random.Next(0, 128),
                SequenceNumber = (ushort)random.Next(0, 65536),
                Timestamp = (uint)random.NextInt64(0, 1L << 32),
                Ssrc = (uint)random.NextInt64(0, 1L << 32),
                CsrcData = csrcs,
            };
            if (withExtension)
            {
                header = header with { ExtensionProfile = (ushort)random.Next(0, 65536), ExtensionData = extension };
            }

            var packet = new RtpPacket { Header = header, Payload = payload, PaddingLength = (byte)random.Next(0, 256) };
            int written = packet.WriteTo(buffer);

            Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, written), out RtpPacket parsed));
            Assert.Equal(header.Marker, parsed.Header.Marker);
            Assert.Equal(header.PayloadType, parsed.Header.PayloadType);
            Assert.Equal(header.SequenceNumber, parsed.Header.SequenceNumber);
            Assert.Equal(header.Timestamp, parsed.Header.Timestamp);
            Assert.Equal(header.Ssrc, parsed.Header.Ssrc);
            Assert.Equal(csrcs, parsed.Header.CsrcData.ToArray());
            Assert.Equal(withExtension, parsed.Header.HasExtension);
            Assert.Equal(withExtension ? extension : [], parsed.Header.ExtensionData.ToArray());
            Assert.Equal(payload, parsed.Payload.ToArray());
            Assert.Equal(packet.PaddingLength, parsed.PaddingLength);
        }
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(1889);
        var buffer = new byte[256];
        int accepted = 0;
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            int length = random.Next(0, buffer.Length);
            random.NextBytes(buffer);
            buffer[0] = (byte)((buffer[0] & 0x3F) | 0x80); // mostly version 2 so deeper checks run

            if (RtpPacket.TryParse(buffer.AsSpan(0, length), out RtpPacket packet))
            {
                accepted++;
                Assert.True(packet.Length == length);
                foreach (RtpHeaderExtensionElement element in packet.Header.Extensions)
                {
                    Assert.InRange(element.Value.Length, 0, 255);
                }
            }
        }

        Assert.InRange(accepted, 1, 20_000);
    }
}
