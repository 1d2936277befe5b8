using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class KeyframeFeedbackTests
{
    private static readonly byte[] PliBytes = WireHex.Parse("""
        81 CE 00 02   // V=2 P=0 FMT=1 | PT=PSFB=206 | length 2 (RFC 4585 §6.3.1: no FCI)
        00 00 00 01   // SSRC of packet sender
        00 00 00 02   // SSRC of media source
        """);

    private static readonly byte[] FirBytes = WireHex.Parse("""
        84 CE 00 04   // V=2 P=0 FMT=4 | PT=PSFB=206 | length 4
        00 00 00 01   // SSRC of packet sender
        00 00 00 00   // SSRC of media source: unused, 0 (RFC 5104 §4.3.1.2)
        00 00 00 02   // FCI: SSRC of the media sender
        2A 00 00 00   // command sequence number 42 | reserved
        """);

    [Fact]
    public void PictureLossIndication_WriteThenParse_MatchesRfcBytes()
    {
        var pli = new PictureLossIndication(1, 2);
        var buffer = new byte[pli.Length];

        pli.WriteTo(buffer);

        Assert.Equal(WireHex.Format(PliBytes), WireHex.Format(buffer));
        Assert.True(PictureLossIndication.TryParse(PliBytes, out PictureLossIndication parsed));
        Assert.Equal(pli, parsed);
    }

    [Fact]
    public void PictureLossIndication_TruncatedOrWrongFormat_ReturnsFalse()
    {
        Assert.False(PictureLossIndication.TryParse(PliBytes.AsSpan(0, 11), out _));
        Assert.False(PictureLossIndication.TryParse(FirBytes, out _));
    }

    [Fact]
    public void FullIntraRequest_WriteThenParse_MatchesRfcBytes()
    {
        var fir = new FullIntraRequest(1, [new FullIntraRequestEntry(2, 42)]);
        var buffer = new byte[fir.Length];

        fir.WriteTo(buffer);

        Assert.Equal(WireHex.Format(FirBytes), WireHex.Format(buffer));
        Assert.True(FullIntraRequest.TryParse(FirBytes, out FullIntraRequest parsed));
        Assert.Equal(1u, parsed.SenderSsrc);
        Assert.True(parsed.TryGetSequenceNumber(2, out byte sequence));
        Assert.Equal(42, sequence);
        Assert.False(parsed.TryGetSequenceNumber(3, out _));
    }

    [Fact]
    public void FullIntraRequest_NoEntries_ReturnsFalseOrThrowsWhenBuilt()
    {
        Assert.False(FullIntraRequest.TryParse(WireHex.Parse("84 CE 00 02 00 00 00 01 00 00 00 00"), out _));
        Assert.Throws<ArgumentException>(() => new FullIntraRequest(1, []).Length);
    }
}
