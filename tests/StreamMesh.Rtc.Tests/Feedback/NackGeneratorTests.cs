using Microsoft.Extensions.Time.Testing;
using StreamMesh.Rtc.Feedback;

namespace StreamMesh.Rtc.Tests.Feedback;

public class NackGeneratorTests
{
    private readonly FakeTimeProvider _time = new();

    private NackGenerator Create(NackGeneratorOptions? options = null) => new(options, _time);

    private static ushort[] Collect(NackGenerator generator, int room = 64)
    {
        var buffer = new ushort[room];
        int count = generator.CollectDue(buffer);
        return buffer[..count];
    }

    [Fact]
    public void OnPacket_InOrder_NothingMissing()
    {
        NackGenerator generator = Create();

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(NackPacketOutcome.None, generator.OnPacket((ushort)i));
        }

        Assert.Equal(0, generator.MissingCount);
        Assert.Empty(Collect(generator));
    }

    [Fact]
    public void OnPacket_Gap_MissingPacketsDueImmediately()
    {
        NackGenerator generator = Create();
        generator.OnPacket(10);

        Assert.Equal(NackPacketOutcome.GapDetected, generator.OnPacket(14));

        Assert.Equal([11, 12, 13], Collect(generator));
    }

    [Fact]
    public void CollectDue_BeforeRetryInterval_DoesNotRepeat()
    {
        NackGenerator generator = Create();
        generator.OnPacket(10);
        generator.OnPacket(12);
        Collect(generator);

        _time.Advance(generator.RetryInterval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Collect(generator));

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([11], Collect(generator));
    }

    [Fact]
    public void OnPacket_LateArrival_RecoversAndStopsNacking()
    {
        NackGenerator generator = Create();
        generator.OnPacket(10);
        generator.OnPacket(13);

        Assert.Equal(NackPacketOutcome.Recovered, generator.OnPacket(12));
        Assert.Equal(NackPacketOutcome.Stale, generator.OnPacket(12));

        Assert.Equal([11], Collect(generator));
        Assert.Equal(1, generator.MissingCount);
    }

    [Fact]
    public void OnPacket_DuplicateOfHighest_IsStale()
    {
        NackGenerator generator = Create();
        generator.OnPacket(10);

        Assert.Equal(NackPacketOutcome.Stale, generator.OnPacket(10));
    }

    [Fact]
    public void CollectDue_AfterMaxRetries_GivesUp()
    {
        NackGenerator generator = Create(new NackGeneratorOptions { MaxRetries = 3 });
        generator.OnPacket(1);
        generator.OnPacket(3);

        for (int attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal([2], Collect(generator));
            _time.Advance(generator.RetryInterval);
        }

        Assert.Empty(Collect(generator));
        Assert.Equal(0, generator.MissingCount);
    }

    [Fact]
    public void CollectDue_OlderThanMaxAge_GivesUp()
    {
        NackGenerator generator = Create(new NackGeneratorOptions { MaxAge = TimeSpan.FromMilliseconds(300), MaxRetries = 100 });
        generator.OnPacket(1);
        generator.OnPacket(3);

        _time.Advance(TimeSpan.FromMilliseconds(301));

        Assert.Empty(Collect(generator));
        Assert.Equal(0, generator.MissingCount);
    }

    [Fact]
    public void OnPacket_GapAcrossWrap_ListsWrappedNumbers()
    {
        NackGenerator generator = Create();
        generator.OnPacket(65534);

        generator.OnPacket(2);

        Assert.Equal([65535, 0, 1], Collect(generator));
    }

    [Fact]
    public void OnPacket_KeyframeStart_DropsOlderMissingPackets()
    {
        NackGenerator generator = Create();
        generator.OnPacket(1);
        generator.OnPacket(5);   // 2, 3, 4 missing
        generator.OnPacket(9);   // 6, 7, 8 missing

        generator.OnPacket(7, isKeyframeStart: true);

        Assert.Equal([8], Collect(generator));
    }

    [Fact]
    public void OnPacket_GapLargerThanMaxMissing_ClearsAndRequiresKeyframe()
    {
        NackGenerator generator = Create(new NackGeneratorOptions { MaxMissing = 50 });
        generator.OnPacket(1);
        generator.OnPacket(5);

        NackPacketOutcome outcome = generator.OnPacket(100);

        Assert.Equal(NackPacketOutcome.KeyframeRequired, outcome);
        Assert.Equal(0, generator.MissingCount);
        generator.OnPacket(102);
        Assert.Equal([101], Collect(generator));
    }

    [Fact]
    public void OnPacket_AccumulatedGapsBeyondMaxMissing_RequireKeyframe()
    {
        NackGenerator generator = Create(new NackGeneratorOptions { MaxMissing = 10 });
        generator.OnPacket(0);
        Assert.Equal(NackPacketOutcome.GapDetected, generator.OnPacket(6));   // 5 missing
        Assert.Equal(NackPacketOutcome.GapDetected, generator.OnPacket(12));  // 10 missing

        Assert.Equal(NackPacketOutcome.KeyframeRequired, generator.OnPacket(14));
        Assert.Equal(0, generator.MissingCount);
    }

    [Fact]
    public void OnPacket_RecoveriesInTheMiddle_CompactionKeepsOrder()
    {
        NackGenerator generator = Create(new NackGeneratorOptions { MaxMissing = 8 });
        generator.OnPacket(0);
        generator.OnPacket(9);                // 1..8 missing: ring full
        for (ushort s = 2; s <= 7; s++)
        {
            generator.OnPacket(s);            // leaves 1 and 8
        }

        Assert.Equal(NackPacketOutcome.GapDetected, generator.OnPacket(15)); // 10..14 need the freed slots

        Assert.Equal([1, 8, 10, 11, 12, 13, 14], Collect(generator));
    }

    [Fact]
    public void CollectDue_SmallDestination_LeavesRestForNextCall()
    {
        NackGenerator generator = Create();
        generator.OnPacket(0);
        generator.OnPacket(6);

        Assert.Equal([1, 2], Collect(generator, room: 2));
        Assert.Equal([3, 4, 5], Collect(generator));
    }

    [Fact]
    public void OnPacket_SenderRestartConfirmedByTwoPackets_StartsOver()
    {
        NackGenerator generator = Create();
        generator.OnPacket(40000);
        generator.OnPacket(40002); // 40001 missing

        // 20000 lies 20002 behind: far beyond reordering, but only a second packet proves a restart.
        Assert.Equal(NackPacketOutcome.Stale, generator.OnPacket(20000));
        Assert.Equal(NackPacketOutcome.None, generator.OnPacket(20001));

        Assert.Equal(0, generator.MissingCount);
        Assert.Equal(NackPacketOutcome.GapDetected, generator.OnPacket(20003));
        Assert.Equal([20002], Collect(generator));
    }

    [Fact]
    public void OnPacket_SingleFarBehindPacket_DoesNotRestart()
    {
        NackGenerator generator = Create();
        generator.OnPacket(40000);
        generator.OnPacket(40002);

        Assert.Equal(NackPacketOutcome.Stale, generator.OnPacket(20000));
        Assert.Equal(NackPacketOutcome.None, generator.OnPacket(40003));

        Assert.Equal([40001], Collect(generator));
    }

    [Theory]
    [InlineData(5, 20)]
    [InlineData(100, 100)]
    [InlineData(2000, 500)]
    public void UpdateRoundTripTime_SetsClampedRetryInterval(int rttMs, int expectedMs)
    {
        NackGenerator generator = Create();

        generator.UpdateRoundTripTime(TimeSpan.FromMilliseconds(rttMs));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), generator.RetryInterval);
    }

    [Fact]
    public void Reset_ForgetsMissingPackets()
    {
        NackGenerator generator = Create();
        generator.OnPacket(1);
        generator.OnPacket(10);

        generator.Reset();

        Assert.Equal(NackPacketOutcome.None, generator.OnPacket(500));
        Assert.Empty(Collect(generator));
    }

    [Fact]
    public void OnPacketAndCollect_SteadyLoss_AllocateNothing()
    {
        NackGenerator generator = Create();
        var buffer = new ushort[64];
        ushort sequence = 0;
        for (int i = 0; i < 1000; i++)
        {
            generator.OnPacket(sequence);
            sequence += 2;
            generator.CollectDue(buffer);
            _time.Advance(TimeSpan.FromMilliseconds(5));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            generator.OnPacket(sequence);
            generator.OnPacket((ushort)(sequence - 1));
            sequence += 3;
            generator.CollectDue(buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Options_Invalid_ThrowOnValidate()
    {
        Assert.Throws<ArgumentException>(new NackGeneratorOptions { MaxMissing = 0 }.Validate);
        Assert.Throws<ArgumentException>(new NackGeneratorOptions { MaxRetries = 0 }.Validate);
        Assert.Throws<ArgumentException>(new NackGeneratorOptions { MaxAge = TimeSpan.Zero }.Validate);
        Assert.Throws<ArgumentException>(new NackGeneratorOptions { MinRetryInterval = TimeSpan.FromSeconds(1) }.Validate);
        Assert.Throws<ArgumentException>(new NackGeneratorOptions { DefaultRetryInterval = TimeSpan.FromSeconds(5) }.Validate);
    }
}
