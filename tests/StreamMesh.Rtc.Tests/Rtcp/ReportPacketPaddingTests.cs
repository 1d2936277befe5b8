using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

/// <summary>Regression tests from tools/StreamMesh.Fuzz: a P-bit padding count that leaves a partial word.</summary>
public class ReportPacketPaddingTests
{
    [Fact]
    public void SenderReportTryParse_PaddingCountLeavesPartialExtensionWord_ReturnsFalse()
    {
        // Before the fix this parsed with a 1-byte profile extension, and WriteTo then threw
        // ArgumentException ("Profile extensions must be whole 32-bit words").
        byte[] bytes = WireHex.Parse("""
            A0 C8 00 07   // V=2 P=1 RC=0 | SR | length 7 (32 bytes)
            CA FE BA BE   // SSRC of sender
            E1 23 45 67 89 AB CD EF   // NTP timestamp
            00 01 5F 90   // RTP timestamp
            00 00 03 E8   // sender's packet count
            00 12 4F 80   // sender's octet count
            11 00 00 03   // 1 byte "extension", then padding with count 3 (RFC 3550 §6.4.1 says a multiple of 4)
            """);

        Assert.False(SenderReport.TryParse(bytes, out _));
    }

    [Fact]
    public void ReceiverReportTryParse_PaddingCountLeavesPartialExtensionWord_ReturnsFalse()
    {
        byte[] bytes = WireHex.Parse("""
            A0 C9 00 02   // V=2 P=1 RC=0 | RR | length 2 (12 bytes)
            01 02 03 04   // SSRC of packet sender
            11 22 00 02   // 2 bytes "extension", then padding with count 2
            """);

        Assert.False(ReceiverReport.TryParse(bytes, out _));
    }

    [Fact]
    public void ReceiverReportTryParse_WholeWordExtensionAndPadding_RoundTrips()
    {
        byte[] bytes = WireHex.Parse("""
            A0 C9 00 03   // V=2 P=1 RC=0 | RR | length 3 (16 bytes)
            01 02 03 04   // SSRC of packet sender
            11 22 33 44   // one-word profile-specific extension
            00 00 00 04   // padding, count 4
            """);

        Assert.True(ReceiverReport.TryParse(bytes, out ReceiverReport report));
        Assert.Equal(4, report.ProfileExtension.Length);
        byte[] written = new byte[report.Length];
        Assert.Equal(12, report.WriteTo(written));
        Assert.Equal("80C90002" + "01020304" + "11223344", WireHex.Format(written)); // RC=0, written back unpadded
    }
}
