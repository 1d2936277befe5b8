using StreamMesh.Media.Audio;

namespace StreamMesh.Media.Tests.Audio;

public sealed class AudioContinuityMonitorTests
{
    [Fact]
    public void Observe_ContiguousPacketsAcrossSequenceWrap_CountsNothingMissing()
    {
        var monitor = new AudioContinuityMonitor();
        for (int i = 0; i < 200; i++)
        {
            monitor.Observe((ushort)(65_500 + i), unchecked((uint)(uint.MaxValue - 50_000 + (i * 960))));
        }

        Assert.Equal(new AudioContinuityStatistics(200, 0, 0, 0, 0), monitor.Statistics);
    }

    [Fact]
    public void Observe_InjectedGaps_CountsMissingPacketsAndGapsExactly()
    {
        var random = new Random(31);
        var monitor = new AudioContinuityMonitor();
        int expectedMissing = 0;
        int expectedGaps = 0;
        int observed = 0;
        int sequence = 1_000;
        for (int i = 0; i < 2_000; i++)
        {
            if (i > 0 && random.Next(10) == 0)
            {
                int run = random.Next(1, 6);
                sequence += run;
                expectedMissing += run;
                expectedGaps++;
            }

            monitor.Observe((ushort)sequence, (uint)(sequence * 960));
            observed++;
            sequence++;
        }

        AudioContinuityStatistics stats = monitor.Statistics;
        Assert.True(expectedGaps > 100);
        Assert.Equal(observed, stats.PacketsObserved);
        Assert.Equal(expectedMissing, stats.MissingPackets);
        Assert.Equal(expectedGaps, stats.Gaps);
        Assert.Equal(0, stats.Discontinuities);
    }

    [Fact]
    public void Observe_TimestampJumpWithoutSequenceGap_CountsDiscontinuity()
    {
        var monitor = new AudioContinuityMonitor();
        monitor.Observe(1, 0);
        monitor.Observe(2, 960);

        monitor.Observe(3, 960 + 48_000); // one second of DTX silence or a source restart
        monitor.Observe(4, 960 + 48_000 + 960);

        AudioContinuityStatistics stats = monitor.Statistics;
        Assert.Equal(1, stats.Discontinuities);
        Assert.Equal(0, stats.MissingPackets);
    }

    [Fact]
    public void Observe_GapWhoseTimestampDoesNotMatch_CountsBoth()
    {
        var monitor = new AudioContinuityMonitor();
        monitor.Observe(1, 0);

        monitor.Observe(4, 5_000);

        AudioContinuityStatistics stats = monitor.Statistics;
        Assert.Equal((2L, 1L, 1L), (stats.MissingPackets, stats.Gaps, stats.Discontinuities));
    }

    [Fact]
    public void Observe_LateAndDuplicatePackets_CountedAsLateNotMissing()
    {
        var monitor = new AudioContinuityMonitor();
        monitor.Observe(10, 0);
        monitor.Observe(12, 1_920);

        monitor.Observe(11, 960);  // arrives late
        monitor.Observe(12, 1_920); // duplicate
        monitor.Observe(13, 2_880);

        AudioContinuityStatistics stats = monitor.Statistics;
        Assert.Equal((5L, 1L, 1L, 2L, 0L), (stats.PacketsObserved, stats.MissingPackets, stats.Gaps, stats.LatePackets, stats.Discontinuities));
    }

    [Fact]
    public void Observe_SequenceRestart_CountsDiscontinuityNotLoss()
    {
        var monitor = new AudioContinuityMonitor();
        monitor.Observe(100, 0);

        monitor.Observe(40_000, 123_456);
        monitor.Observe(40_001, 123_456 + 960);

        AudioContinuityStatistics stats = monitor.Statistics;
        Assert.Equal((0L, 1L), (stats.MissingPackets, stats.Discontinuities));
    }

    [Fact]
    public void Observe_PacketDurationChanges_UsesThePreviousPacketsDuration()
    {
        var monitor = new AudioContinuityMonitor();
        monitor.Observe(1, 0, 1_920);     // 40 ms
        monitor.Observe(2, 1_920, 960);   // 20 ms
        monitor.Observe(3, 2_880, 960);

        Assert.Equal(0, monitor.Statistics.Discontinuities);
    }

    [Fact]
    public void Constructor_NonPositiveDuration_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AudioContinuityMonitor(0));
    }
}
