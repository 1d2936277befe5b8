using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Rtp;

public class RtpHeaderTests
{
    // RFC 3550 §5.1 layout with two CSRCs, marker set, no extension.
    private static readonly byte[] TwoCsrcPacket = WireHex.Parse("""
        82 E0 12 34   // V=2 P=0 X=0 CC=2 | M=1 PT=96 | seq 0x1234
        DE AD BE EF   // timestamp
        11 22 33 44   // SSRC
        00 00 00 0A   // CSRC 1
        00 00 00 0B   // CSRC 2
        CA FE         // payload
        """);

    // One-byte extension block (RFC 8285 §4.2) with abs-send-time (id 3) and transport-wide seq (id 5).
    private static readonly byte[] ExtensionPacket = WireHex.Parse("""
        90 6F 00 01   // V=2 X=1 CC=0 | M=0 PT=111 | seq 1
        00 00 03 C0   // timestamp 960
        AA BB CC DD   // SSRC
        BE DE 00 02   // profile 0xBEDE, 2 words
        32 01 02 03   // id=3 L=2 (3 bytes) 01 02 03
        51 00 2A 00   // id=5 L=1 (2 bytes) 0x002A, one padding byte
        01 02 03      // payload
        """);

    [Fact]
    public void TryParse_Rfc3550FixedHeaderWithCsrcs_ReadsEveryField()
    {
        Assert.True(RtpHeader.TryParse(TwoCsrcPacket, out RtpHeader header));

        Assert.False(header.HasPadding);
        Assert.False(header.HasExtension);
        Assert.True(header.Marker);
        Assert.Equal(96, header.PayloadType);
        Assert.Equal(0x1234, header.SequenceNumber);
        Assert.Equal(0xDEADBEEFu, header.Timestamp);
        Assert.Equal(0x11223344u, header.Ssrc);
        Assert.Equal(2, header.CsrcCount);
        Assert.Equal(0x0Au, header.GetCsrc(0));
        Assert.Equal(0x0Bu, header.GetCsrc(1));
        Assert.Equal(20, header.Length);
    }

    [Fact]
    public void TryParse_OneByteExtensionBlock_ExposesElements()
    {
        Assert.True(RtpHeader.TryParse(ExtensionPacket, out RtpHeader header));

        Assert.True(header.HasExtension);
        Assert.Equal(RtpHeaderExtensions.OneByteProfile, header.ExtensionProfile);
        Assert.Equal(8, header.ExtensionData.Length);
        Assert.Equal(24, header.Length);
        Assert.True(header.TryGetExtension(3, out ReadOnlySpan<byte> absSendTime));
        Assert.Equal(new byte[] { 1, 2, 3 }, absSendTime.ToArray());
        Assert.True(header.TryGetExtension(5, out ReadOnlySpan<byte> transportSeq));
        Assert.Equal(new byte[] { 0x00, 0x2A }, transportSeq.ToArray());
        Assert.False(header.TryGetExtension(4, out _));
    }

    [Fact]
    public void TryParse_EveryTruncationOfTheHeader_ReturnsFalse()
    {
        for (int length = 0; length < 24; length++)
        {
            Assert.False(RtpHeader.TryParse(ExtensionPacket.AsSpan(0, length), out _), $"length {length}");
        }

        Assert.True(RtpHeader.TryParse(ExtensionPacket.AsSpan(0, 24), out _));
    }

    [Theory]
    [InlineData(0x00)] // version 0
    [InlineData(0x40)] // version 1
    [InlineData(0xC0)] // version 3
    public void TryParse_VersionOtherThanTwo_ReturnsFalse(byte firstByte)
    {
        byte[] packet = (byte[])TwoCsrcPacket.Clone();
        packet[0] = (byte)(firstByte | (packet[0] & 0x3F));

        Assert.False(RtpHeader.TryParse(packet, out _));
    }

    [Fact]
    public void TryParse_CsrcCountBeyondBuffer_ReturnsFalse()
    {
        byte[] packet = (byte[])TwoCsrcPacket.Clone();
        packet[0] = 0x8F; // CC = 15 needs 72 bytes

        Assert.False(RtpHeader.TryParse(packet, out _));
    }

    [Fact]
    public void TryParse_ExtensionLengthBeyondBuffer_ReturnsFalse()
    {
        byte[] packet = (byte[])ExtensionPacket.Clone();
        packet[15] = 0x09; // 9 words of extension data do not fit

        Assert.False(RtpHeader.TryParse(packet, out _));
    }

    [Fact]
    public void WriteTo_HeaderWithCsrcsAndExtension_ProducesExpectedBytes()
    {
        byte[] csrcs = WireHex.Parse("00 00 00 0A");
        byte[] extension = WireHex.Parse("32 01 02 03 51 00 2A 00");
        var header = new RtpHeader
        {
            Marker = true,
            PayloadType = 100,
            SequenceNumber = 65535,
            Timestamp = 0x01020304,
            Ssrc = 0xCAFEBABE,
            CsrcData = csrcs,
            ExtensionProfile = RtpHeaderExtensions.OneByteProfile,
            ExtensionData = extension,
        };
        byte[] expected = WireHex.Parse("""
            91 E4 FF FF   // V=2 X=1 CC=1 | M=1 PT=100 | seq 65535
            01 02 03 04   // timestamp
            CA FE BA BE   // SSRC
            00 00 00 0A   // CSRC
            BE DE 00 02   // one-byte profile, 2 words
            32 01 02 03
            51 00 2A 00
            """);
        var buffer = new byte[64];

        int written = header.WriteTo(buffer);

        Assert.Equal(header.Length, written);
        Assert.Equal(WireHex.Format(expected), WireHex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void WriteTo_ParsedHeader_ReproducesOriginalBytes()
    {
        Assert.True(RtpHeader.TryParse(ExtensionPacket, out RtpHeader header));
        var buffer = new byte[header.Length];

        header.WriteTo(buffer);

        Assert.Equal(ExtensionPacket.AsSpan(0, header.Length).ToArray(), buffer);
    }

    [Fact]
    public void WriteTo_DestinationTooSmall_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RtpHeader { PayloadType = 96, Ssrc = 1 }.WriteTo(new byte[11]));
    }

    [Fact]
    public void WriteTo_ExtensionDataNotWordAligned_Throws()
    {
        byte[] extension = [0x10, 0x01, 0x00];

        Assert.Throws<ArgumentException>(() =>
            new RtpHeader { ExtensionProfile = RtpHeaderExtensions.OneByteProfile, ExtensionData = extension }.WriteTo(new byte[64]));
    }

    [Fact]
    public void WriteTo_PayloadTypeAboveSevenBits_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RtpHeader { PayloadType = 128 }.WriteTo(new byte[12]));
    }

    [Fact]
    public void GetCsrc_IndexOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RtpHeader.TryParse(TwoCsrcPacket, out RtpHeader h) ? h.GetCsrc(2) : 0u);
    }
}
