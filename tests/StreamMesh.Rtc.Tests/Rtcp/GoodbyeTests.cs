using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class GoodbyeTests
{
    private static readonly byte[] WithReason = WireHex.Parse("""
        82 CB 00 04   // V=2 P=0 SC=2 | PT=BYE=203 | length 4 (20 bytes)
        00 00 00 01   // SSRC 1
        00 00 00 02   // SSRC 2
        05 63 69 61   // length 5 | "cia..
        6F 21 00 00   // ..o!" | padding to 32 bits (RFC 3550 §6.6)
        """);

    [Fact]
    public void TryParse_TwoSourcesAndReason_ReadsBoth()
    {
        Assert.True(Goodbye.TryParse(WithReason, out Goodbye bye));

        Assert.Equal(2, bye.Sources.Count);
        Assert.Equal(1u, bye.Sources[0]);
        Assert.Equal(2u, bye.Sources[1]);
        Assert.True(bye.Sources.Contains(2));
        Assert.Equal("ciao!"u8.ToArray(), bye.Reason.ToArray());
    }

    [Fact]
    public void WriteTo_TwoSourcesAndReason_ProducesRfcLayout()
    {
        var bye = new Goodbye([1u, 2u], "ciao!"u8);
        var buffer = new byte[bye.Length];

        bye.WriteTo(buffer);

        Assert.Equal(WireHex.Format(WithReason), WireHex.Format(buffer));
    }

    [Fact]
    public void WriteTo_SingleSourceNoReason_IsEightBytes()
    {
        var bye = new Goodbye(0xAABBCCDD);
        var buffer = new byte[bye.Length];

        bye.WriteTo(buffer);

        Assert.Equal("81CB0001AABBCCDD", WireHex.Format(buffer));
        Assert.True(Goodbye.TryParse(buffer, out Goodbye parsed));
        Assert.True(parsed.Reason.IsEmpty);
    }

    [Fact]
    public void TryParse_ReasonLengthBeyondPacket_ReturnsFalse()
    {
        byte[] bytes = (byte[])WithReason.Clone();
        bytes[12] = 0x09;

        Assert.False(Goodbye.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_SourceCountBeyondPacket_ReturnsFalse()
    {
        byte[] bytes = (byte[])WithReason.Clone();
        bytes[0] = 0x86;

        Assert.False(Goodbye.TryParse(bytes, out _));
    }
}
