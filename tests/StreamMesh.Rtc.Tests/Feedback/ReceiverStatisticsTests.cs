using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Feedback;
using StreamMesh.Rtc.Rtcp;

namespace StreamMesh.Rtc.Tests.Feedback;

public class ReceiverStatisticsTests
{
    private readonly FakeTimeProvider _time = new();

    private ReceiverStatistics Create(int minSequential = 2) =>
        new(0xABCD, new ReceiverStatisticsOptions { ClockRate = 90_000, MinSequential = minSequential }, _time);

    [Fact]
    public void OnPacket_Probation_FirstPacketDoesNotCountUntilSequenceConfirmed()
    {
        ReceiverStatistics stats = Create();

        stats.OnPacket(1000, 0);
        Assert.Equal(0, stats.PacketsReceived);
        stats.OnPacket(1001, 0);
        Assert.Equal(1, stats.PacketsReceived);
        Assert.Equal(1001u, stats.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void CreateReportBlock_TenPercentLoss_ReportsFractionAndCumulative()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        for (int i = 0; i < 100; i++)
        {
            if (i % 10 != 5)
            {
                stats.OnPacket((ushort)i, (uint)(i * 3000));
            }
        }

        ReportBlock block = stats.CreateReportBlock();

        Assert.Equal(0xABCDu, block.Ssrc);
        Assert.Equal(10, block.CumulativeLost);
        Assert.Equal(10 * 256 / 100, block.FractionLost);
        Assert.Equal(99u, block.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void CreateReportBlock_SecondInterval_FractionCoversOnlyNewPackets()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        for (int i = 0; i < 50; i++)
        {
            stats.OnPacket((ushort)i, 0);
        }

        Assert.Equal(0, stats.CreateReportBlock().FractionLost);
        for (int i = 50; i < 100; i += 2)
        {
            stats.OnPacket((ushort)i, 0); // every other packet lost
        }

        ReportBlock block = stats.CreateReportBlock();
        Assert.Equal(24, block.CumulativeLost);
        Assert.Equal(24 * 256 / 49, block.FractionLost);
    }

    [Fact]
    public void OnPacket_SequenceWraps_CountsCycle()
    {
        ReceiverStatistics stats = Create(minSequential: 1);

        for (int i = 65530; i < 65540; i++)
        {
            stats.OnPacket(unchecked((ushort)i), 0);
        }

        Assert.Equal(0x1_0003u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CreateReportBlock().CumulativeLost);
    }

    [Fact]
    public void OnPacket_Duplicates_MakeCumulativeLossNegative()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        stats.OnPacket(1, 0);
        stats.OnPacket(2, 0);
        stats.OnPacket(2, 0);

        Assert.Equal(-1, stats.CreateReportBlock().CumulativeLost);
    }

    [Fact]
    public void OnPacket_Reordered_DoesNotMoveHighestOrCountLoss()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        stats.OnPacket(1, 0);
        stats.OnPacket(3, 0);
        stats.OnPacket(2, 0);

        Assert.Equal(3u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(0, stats.CreateReportBlock().CumulativeLost);
    }

    [Fact]
    public void OnPacket_BigJumpConfirmedByNextPacket_Restarts()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        stats.OnPacket(100, 0);
        stats.OnPacket(101, 0);

        stats.OnPacket(30000, 0);
        Assert.Equal(101u, stats.ExtendedHighestSequenceNumber);
        stats.OnPacket(30001, 0);

        Assert.Equal(30001u, stats.ExtendedHighestSequenceNumber);
        Assert.Equal(1, stats.PacketsReceived);
    }

    [Fact]
    public void Jitter_ConstantTransit_StaysZero()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        for (int i = 0; i < 50; i++)
        {
            stats.OnPacket((ushort)i, (uint)(i * 1800)); // 20 ms at 90 kHz
            _time.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(0u, stats.Jitter);
    }

    [Fact]
    public void Jitter_AlternatingTenMillisecondDelay_ConvergesToTransitSwing()
    {
        // RFC 3550 A.8: |D| is 10 ms (900 units) every packet, so J converges to 900.
        ReceiverStatistics stats = Create(minSequential: 1);
        long start = _time.GetTimestamp();
        for (int i = 0; i < 400; i++)
        {
            long arrival = start + (long)((i * 0.020 + (i % 2 == 0 ? 0 : 0.010)) * _time.TimestampFrequency);
            stats.OnPacket((ushort)i, (uint)(i * 1800), arrival);
        }

        Assert.InRange(stats.Jitter, 895u, 900u);
        Assert.InRange(stats.JitterTime.TotalMilliseconds, 9.9, 10.0);
    }

    [Fact]
    public void Jitter_OneLatePacket_MovesBySixteenthOfTransitChange()
    {
        // RFC 3550 A.8: J += (|D| - J) / 16. A 16 ms late packet (D = 1440 at 90 kHz) gives 90,
        // the on-time packet after it (D = -1440) gives 90 + (1440 - 90) / 16 = 174.375.
        ReceiverStatistics stats = Create(minSequential: 1);
        long start = _time.GetTimestamp();
        long Arrival(double seconds) => start + (long)(seconds * _time.TimestampFrequency);

        for (int i = 0; i < 10; i++)
        {
            stats.OnPacket((ushort)i, (uint)(i * 1800), Arrival(i * 0.020));
        }

        stats.OnPacket(10, 10 * 1800, Arrival((10 * 0.020) + 0.016));
        Assert.Equal(90u, stats.Jitter);
        stats.OnPacket(11, 11 * 1800, Arrival(11 * 0.020));
        Assert.Equal(174u, stats.Jitter);
    }

    [Fact]
    public void CreateReportBlock_AfterSenderReport_CarriesLsrAndDlsr()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        stats.OnPacket(1, 0);
        var ntp = new NtpTimestamp(0xE52F4300_8000_0000UL);

        stats.OnSenderReport(ntp);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        ReportBlock block = stats.CreateReportBlock();

        Assert.Equal(0x4300_8000u, block.LastSenderReport);
        Assert.Equal(0x8000u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void CreateReportBlock_NoSenderReportYet_LsrAndDlsrZero()
    {
        ReceiverStatistics stats = Create(minSequential: 1);
        stats.OnPacket(1, 0);

        ReportBlock block = stats.CreateReportBlock();

        Assert.Equal(0u, block.LastSenderReport);
        Assert.Equal(0u, block.DelaySinceLastSenderReport);
    }

    [Fact]
    public void Options_Invalid_ThrowOnValidate()
    {
        Assert.Throws<ArgumentException>(new ReceiverStatisticsOptions { ClockRate = 0 }.Validate);
        Assert.Throws<ArgumentException>(new ReceiverStatisticsOptions { MinSequential = 0 }.Validate);
        Assert.Throws<ArgumentException>(new ReceiverStatisticsOptions { MaxDropout = 0 }.Validate);
    }
}
