using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class ReceiverEstimatedMaxBitrateTests
{
    // draft-alvestrand-rmcat-remb-03 §2.2: 1 000 000 bps = 250000 * 2^2.
    private static readonly byte[] RembBytes = WireHex.Parse("""
        8F CE 00 05   // V=2 P=0 FMT=15 | PT=PSFB=206 | length 5
        00 00 00 01   // SSRC of packet sender
        00 00 00 00   // SSRC of media source (always 0)
        52 45 4D 42   // 'R' 'E' 'M' 'B'
        01 0B D0 90   // Num SSRC 1 | BR Exp 2 (000010) | BR Mantissa 0x3D090 = 250000
        12 34 56 78   // SSRC feedback
        """);

    [Fact]
    public void TryParse_DraftLayout_ReadsBitrateAndSsrcs()
    {
        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(RembBytes, out ReceiverEstimatedMaxBitrate remb));

        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(1_000_000UL, remb.Bitrate);
        Assert.Equal(1, remb.Ssrcs.Count);
        Assert.Equal(0x12345678u, remb.Ssrcs[0]);
        Assert.True(ReceiverEstimatedMaxBitrate.IsRemb(RembBytes));
    }

    [Fact]
    public void WriteTo_OneMegabit_ProducesDraftBytes()
    {
        var remb = new ReceiverEstimatedMaxBitrate(1, 1_000_000, 0x12345678);
        var buffer = new byte[remb.Length];

        remb.WriteTo(buffer);

        Assert.Equal(WireHex.Format(RembBytes), WireHex.Format(buffer));
    }

    [Theory]
    [InlineData(0UL, 0, 0)]
    [InlineData(262_143UL, 0, 262_143)]
    [InlineData(262_144UL, 1, 131_072)]
    [InlineData(1_000_001UL, 2, 250_000)] // rounds down
    [InlineData(ulong.MaxValue, 46, 262_143)]
    public void Encode_Bitrate_FitsEighteenBitMantissa(ulong bitrate, int exponent, int mantissa)
    {
        Assert.Equal((exponent, mantissa), ReceiverEstimatedMaxBitrate.Encode(bitrate));
    }

    [Fact]
    public void WriteThenParse_SeveralSsrcs_RoundTrip()
    {
        var remb = new ReceiverEstimatedMaxBitrate(9, 2_500_000, [1u, 2u, 3u]);
        var buffer = new byte[remb.Length];
        remb.WriteTo(buffer);

        Assert.True(ReceiverEstimatedMaxBitrate.TryParse(buffer, out ReceiverEstimatedMaxBitrate parsed));
        Assert.Equal(3, parsed.Ssrcs.Count);
        Assert.True(parsed.Ssrcs.Contains(3));
        (int e, int m) = ReceiverEstimatedMaxBitrate.Encode(2_500_000);
        Assert.Equal((ulong)m << e, parsed.Bitrate);
    }

    [Fact]
    public void TryParse_ExponentOverflowingSixtyFourBits_ReturnsFalse()
    {
        byte[] bytes = (byte[])RembBytes.Clone();
        bytes[17] = 0xFF; // exponent 63 with a non-zero mantissa

        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(bytes, out _));
    }

    [Fact]
    public void TryParse_WrongIdentifierOrTooFewSsrcs_ReturnsFalse()
    {
        byte[] notRemb = (byte[])RembBytes.Clone();
        notRemb[15] = (byte)'X';
        byte[] tooMany = (byte[])RembBytes.Clone();
        tooMany[16] = 2;

        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(notRemb, out _));
        Assert.False(ReceiverEstimatedMaxBitrate.IsRemb(notRemb));
        Assert.False(ReceiverEstimatedMaxBitrate.TryParse(tooMany, out _));
    }
}
