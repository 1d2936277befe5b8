using StreamMesh.Rtc.Rtp;

namespace StreamMesh.Rtc.Tests.Rtp;

public class RtxPacketTests
{
    private static readonly byte[] Original = WireHex.Parse("""
        B0 E0 12 34   // V=2 P=1 X=1 | M=1 PT=96 | seq 0x1234
        00 00 10 00   // timestamp
        11 11 11 11   // SSRC
        BE DE 00 01   // one-byte extension
        51 00 07 00   // id=5 L=1: transport seq 7, pad
        DE AD BE EF   // payload
        00 02         // padding (2 bytes)
        """);

    // RFC 4588 §4: RTX SSRC/PT/own seq, same timestamp, marker and extension, OSN before the payload, no padding.
    private static readonly byte[] Retransmission = WireHex.Parse("""
        90 E1 00 05   // V=2 P=0 X=1 | M=1 PT=97 | RTX seq 5
        00 00 10 00   // timestamp unchanged
        22 22 22 22   // RTX SSRC
        BE DE 00 01
        51 00 07 00
        12 34         // OSN
        DE AD BE EF   // original payload
        """);

    [Fact]
    public void TryWrap_Rfc4588Layout_PrefixesPayloadWithOsn()
    {
        var buffer = new byte[64];

        Assert.True(RtxPacket.TryWrap(Original, buffer, 0x22222222, 97, 5, out int written));

        Assert.Equal(RtxPacket.GetWrappedLength(Original), written);
        Assert.Equal(WireHex.Format(Retransmission), WireHex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void TryUnwrap_Retransmission_RestoresOriginalWithoutPadding()
    {
        var buffer = new byte[64];

        Assert.True(RtxPacket.TryUnwrap(Retransmission, buffer, 0x11111111, 96, out int written));

        Assert.Equal(WireHex.Format(Original.AsSpan(0, Original.Length - 2)).Replace("B0E0", "90E0", StringComparison.Ordinal), WireHex.Format(buffer.AsSpan(0, written)));
    }

    [Fact]
    public void WrapThenUnwrap_InPlace_RoundTrips()
    {
        byte[] buffer = new byte[64];
        Original.CopyTo(buffer, 0);

        Assert.True(RtxPacket.TryWrap(buffer.AsSpan(0, Original.Length), buffer, 0x22222222, 97, 5, out int wrapped));
        Assert.Equal(WireHex.Format(Retransmission), WireHex.Format(buffer.AsSpan(0, wrapped)));
        Assert.True(RtxPacket.TryUnwrap(buffer.AsSpan(0, wrapped), buffer, 0x11111111, 96, out int unwrapped));

        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, unwrapped), out RtpPacket restored));
        Assert.Equal(0x1234, restored.Header.SequenceNumber);
        Assert.Equal(0x11111111u, restored.Header.Ssrc);
        Assert.Equal(96, restored.Header.PayloadType);
        Assert.Equal("DEADBEEF", WireHex.Format(restored.Payload));
    }

    [Fact]
    public void TryUnwrap_PaddingOnlyProbe_ReturnsFalse()
    {
        byte[] probe = WireHex.Parse("A0 61 00 09 00 00 10 00 22 22 22 22 00 00 00 04");

        Assert.False(RtxPacket.TryUnwrap(probe, new byte[64], 1, 96, out _));
    }

    [Fact]
    public void TryWrap_DestinationTooSmallOrInvalidInput_ReturnsFalse()
    {
        Assert.False(RtxPacket.TryWrap(Original, new byte[25], 1, 97, 1, out _));
        Assert.False(RtxPacket.TryWrap(new byte[8], new byte[64], 1, 97, 1, out _));
        Assert.False(RtxPacket.TryWrap(Original, new byte[64], 1, 200, 1, out _));
        Assert.Equal(-1, RtxPacket.GetWrappedLength(new byte[3]));
    }
}
