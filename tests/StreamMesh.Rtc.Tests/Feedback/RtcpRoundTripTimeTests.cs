using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Rtc.Tests.Feedback;

public class RtcpRoundTripTimeTests
{
    [Fact]
    public void TryCompute_Rfc3550Section641Example_Gives6125Milliseconds()
    {
        // RFC 3550 §6.4.1 figure 2: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
        // DLSR = 0x0005:4000 (5.250 s), so delay = 0x0006:2000 (6.125 s).
        var block = new ReportBlock(1, 0, 0, 0, 0, 0xB705_2000, 0x0005_4000);
        var arrival = new NtpTimestamp(0xB710_8000UL << 16);

        Assert.True(RtcpRoundTripTime.TryCompute(block, arrival, out TimeSpan rtt));

        Assert.Equal(TimeSpan.FromMilliseconds(6125), rtt);
    }

    [Fact]
    public void TryCompute_NoSenderReportSeen_ReturnsFalse()
    {
        var block = new ReportBlock(1, 0, 0, 0, 0, 0, 0);

        Assert.False(RtcpRoundTripTime.TryCompute(block, new NtpTimestamp(0x1234_5678_0000_0000UL), out _));
    }

    [Fact]
    public void TryCompute_NegativeResult_ReturnsFalse()
    {
        var block = new ReportBlock(1, 0, 0, 0, 0, 0xB705_2000, 0x0010_0000);
        var arrival = new NtpTimestamp(0xB710_8000UL << 16);

        Assert.False(RtcpRoundTripTime.TryCompute(block, arrival, out _));
    }

    [Fact]
    public void TryCompute_AcrossCompactWrap_StillPositive()
    {
        var block = new ReportBlock(1, 0, 0, 0, 0, 0xFFFF_F000, 0x0000_0800);
        var arrival = new NtpTimestamp(0x0000_1000UL << 16);

        Assert.True(RtcpRoundTripTime.TryCompute(block, arrival, out TimeSpan rtt));
        Assert.Equal(NtpTimestamp.CompactToTimeSpan(0x1800), rtt);
    }
}
