using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;
using StreamMesh.Rtc.Tests.Rtp;

namespace StreamMesh.Rtc.Tests.Rtcp;

public class ReportPacketTests
{
    // RFC 3550 §6.4.1 layout: SR with one report block.
    private static readonly byte[] SenderReportBytes = WireHex.Parse("""
        81 C8 00 0C   // V=2 P=0 RC=1 | PT=SR=200 | length 12 (52 bytes)
        00 00 00 01   // SSRC of sender
        E5 2F 43 00   // NTP timestamp, most significant word
        80 00 00 00   // NTP timestamp, least significant word (0.5 s)
        00 01 E2 40   // RTP timestamp 123456
        00 00 00 64   // sender's packet count 100
        00 00 3E 80   // sender's octet count 16000
        AA BB CC DD   // report block: SSRC_1
        40 FF FF FE   // fraction lost 64/256 | cumulative lost -2 (24-bit signed)
        00 01 00 05   // extended highest sequence number: cycle 1, seq 5
        00 00 00 20   // interarrival jitter 32
        43 00 80 00   // LSR
        00 01 80 00   // DLSR 1.5 s
        """);

    private static readonly ReportBlock ExpectedBlock = new(0xAABBCCDD, 0x40, -2, 0x0001_0005, 0x20, 0x4300_8000, 0x0001_8000);

    [Fact]
    public void SenderReport_TryParse_Rfc3550Layout_ReadsSenderInfoAndBlock()
    {
        Assert.True(SenderReport.TryParse(SenderReportBytes, out SenderReport report));

        Assert.Equal(1u, report.SenderSsrc);
        Assert.Equal(0xE52F4300_80000000UL, report.NtpTime.Value);
        Assert.Equal(123456u, report.RtpTimestamp);
        Assert.Equal(100u, report.PacketCount);
        Assert.Equal(16000u, report.OctetCount);
        Assert.Equal(1, report.ReportBlocks.Count);
        Assert.Equal(ExpectedBlock, report.ReportBlocks[0]);
        Assert.True(report.ProfileExtension.IsEmpty);
        Assert.Equal(SenderReportBytes.Length, report.Length);
    }

    [Fact]
    public void SenderReport_WriteTo_ReproducesRfcBytes()
    {
        var report = new SenderReport(1, new NtpTimestamp(0xE52F4300_80000000UL), 123456, 100, 16000, [ExpectedBlock]);
        var buffer = new byte[report.Length];

        int written = report.WriteTo(buffer);

        Assert.Equal(52, written);
        Assert.Equal(WireHex.Format(SenderReportBytes), WireHex.Format(buffer));
    }

    [Fact]
    public void SenderReport_WithPBitPadding_ParsesBodyWithoutPadding()
    {
        byte[] padded = WireHex.Parse("""
            A0 C8 00 07   // V=2 P=1 RC=0 | SR | length 7 (32 bytes)
            00 00 00 01
            E5 2F 43 00 80 00 00 00
            00 01 E2 40 00 00 00 64 00 00 3E 80
            00 00 00 04   // padding, count 4
            """);

        Assert.True(SenderReport.TryParse(padded, out SenderReport report));
        Assert.Equal(0, report.ReportBlocks.Count);
        Assert.True(report.ProfileExtension.IsEmpty);
    }

    [Fact]
    public void SenderReport_ReportCountBeyondLength_ReturnsFalse()
    {
        byte[] bytes = (byte[])SenderReportBytes.Clone();
        bytes[0] = 0x82; // RC = 2 but only one block present

        Assert.False(SenderReport.TryParse(bytes, out _));
    }

    [Fact]
    public void SenderReport_EveryTruncation_ReturnsFalse()
    {
        for (int length = 0; length < SenderReportBytes.Length; length++)
        {
            Assert.False(SenderReport.TryParse(SenderReportBytes.AsSpan(0, length), out _), $"length {length}");
        }
    }

    [Fact]
    public void SenderReport_OtherPacketType_ReturnsFalse()
    {
        Assert.False(SenderReport.TryParse(WireHex.Parse("80 C9 00 01 00 00 00 01"), out _));
    }

    [Fact]
    public void ReceiverReport_Empty_IsEightBytes()
    {
        var report = new ReceiverReport(0x01020304);
        var buffer = new byte[report.Length];

        report.WriteTo(buffer);

        Assert.Equal("80C9000101020304", WireHex.Format(buffer));
        Assert.True(ReceiverReport.TryParse(buffer, out ReceiverReport parsed));
        Assert.Equal(0x01020304u, parsed.SenderSsrc);
        Assert.Equal(0, parsed.ReportBlocks.Count);
    }

    [Fact]
    public void ReceiverReport_TwoBlocks_RoundTrip()
    {
        ReportBlock second = ExpectedBlock with { Ssrc = 7, CumulativeLost = 1234, FractionLost = 0 };
        var report = new ReceiverReport(9, [ExpectedBlock, second]);
        var buffer = new byte[report.Length];
        report.WriteTo(buffer);

        Assert.Equal(0x82, buffer[0]);
        Assert.True(ReceiverReport.TryParse(buffer, out ReceiverReport parsed));
        var blocks = new List<ReportBlock>();
        foreach (ReportBlock block in parsed.ReportBlocks)
        {
            blocks.Add(block);
        }

        Assert.Equal([ExpectedBlock, second], blocks);
    }

    [Fact]
    public void ReportBlock_CumulativeLostOutOfRange_IsClampedOnWrite()
    {
        var buffer = new byte[ReportBlock.WireSize];

        (ExpectedBlock with { CumulativeLost = 10_000_000 }).WriteTo(buffer);
        Assert.Equal(ReportBlock.MaxCumulativeLost, ReportBlock.Read(buffer).CumulativeLost);

        (ExpectedBlock with { CumulativeLost = -10_000_000 }).WriteTo(buffer);
        Assert.Equal(ReportBlock.MinCumulativeLost, ReportBlock.Read(buffer).CumulativeLost);
    }

    [Fact]
    public void ReportBlock_TryParse_ShortInput_ReturnsFalse()
    {
        Assert.False(ReportBlock.TryParse(new byte[23], out _));
        Assert.True(ReportBlock.TryParse(SenderReportBytes.AsSpan(28), out ReportBlock block));
        Assert.Equal(ExpectedBlock, block);
    }

    [Fact]
    public void Constructors_MoreThan31Blocks_Throw()
    {
        var blocks = new ReportBlock[32];

        Assert.Throws<ArgumentException>(() => new ReceiverReport(1, blocks).Length);
        Assert.Throws<ArgumentException>(() => new SenderReport(1, default, 0, 0, 0, blocks).Length);
    }
}
