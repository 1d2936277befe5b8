using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Rtp;

public class RtpHeaderRewriterTests
{
    private static byte[] CreatePacket() => WireHex.Parse("""
        90 E0 00 01   // V=2 X=1 | M=1 PT=96 | seq 1
        00 00 00 02   // timestamp 2
        00 00 00 03   // SSRC 3
        BE DE 00 01   // one-byte extension, 1 word
        41 12 34 00   // id=4 L=1: 0x1234, pad
        AA BB CC      // payload
        """);

    [Fact]
    public void Setters_RewriteOnlyTheirField()
    {
        byte[] packet = CreatePacket();

        RtpHeaderRewriter.SetSsrc(packet, 0x0A0B0C0D);
        RtpHeaderRewriter.SetSequenceNumber(packet, 0xFFFE);
        RtpHeaderRewriter.SetTimestamp(packet, 0x01020304);
        RtpHeaderRewriter.SetPayloadType(packet, 111);

        Assert.Equal(WireHex.Format(WireHex.Parse("""
            90 EF FF FE   // marker kept, PT 111, seq 0xFFFE
            01 02 03 04
            0A 0B 0C 0D
            BE DE 00 01
            41 12 34 00
            AA BB CC
            """)), WireHex.Format(packet));
    }

    [Fact]
    public void SetMarker_KeepsPayloadType()
    {
        byte[] packet = CreatePacket();

        RtpHeaderRewriter.SetMarker(packet, false);
        Assert.Equal(0x60, packet[1]);
        RtpHeaderRewriter.SetMarker(packet, true);
        Assert.Equal(0xE0, packet[1]);
    }

    [Fact]
    public void TryGetExtensionValue_WritableSlice_StampsTransportSequenceInPlace()
    {
        byte[] packet = CreatePacket();

        Assert.True(RtpHeaderRewriter.TryGetExtensionValue(packet, 4, out Span<byte> value));
        TransportSequenceNumberExtension.Write(value, 0xABCD);

        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        Assert.True(header.TryGetExtension(4, out ReadOnlySpan<byte> stamped));
        Assert.True(TransportSequenceNumberExtension.TryRead(stamped, out ushort sequence));
        Assert.Equal(0xABCD, sequence);
        Assert.Equal(0xAA, packet[20]);
    }

    [Fact]
    public void TryGetExtensionValue_MissingOrMalformed_ReturnsFalse()
    {
        Assert.False(RtpHeaderRewriter.TryGetExtensionValue(CreatePacket(), 5, out _));
        Assert.False(RtpHeaderRewriter.TryGetExtensionValue(new byte[5], 4, out _));
    }

    [Fact]
    public void Setters_BufferShorterThanFixedHeader_Throw()
    {
        Assert.Throws<ArgumentException>(() => RtpHeaderRewriter.SetSsrc(new byte[11], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpHeaderRewriter.SetPayloadType(new byte[12], 128));
    }
}
