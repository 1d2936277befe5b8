using Microsoft.Extensions.Time.Testing;
using StreamMesh.Mesh.Viewer;

namespace StreamMesh.Mesh.Tests.Viewer;

public sealed class RtpReorderBufferTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(300);

    [Fact]
    public void TryDequeue_InOrderPackets_ReleasesEachImmediately()
    {
        var buffer = new RtpReorderBuffer(16, 100, Window, new FakeTimeProvider());

        Assert.True(buffer.Insert([1], 65535));
        Assert.Equal([(ushort)65535], DrainSequences(buffer));
        Assert.True(buffer.Insert([2], 0));
        Assert.Equal([(ushort)0], DrainSequences(buffer));
        Assert.Equal(0, buffer.SkippedPackets);
    }

    [Fact]
    public void TryDequeue_HoleRepairedWithinWindow_ReleasesInSequenceOrder()
    {
        var time = new FakeTimeProvider();
        var buffer = new RtpReorderBuffer(16, 100, Window, time);
        buffer.Insert([10], 10);
        DrainSequences(buffer);
        buffer.Insert([12], 12);
        buffer.Insert([13], 13);

        Assert.Empty(DrainSequences(buffer));
        time.Advance(TimeSpan.FromMilliseconds(200));
        buffer.Insert([11], 11);

        Assert.Equal([(ushort)11, 12, 13], DrainSequences(buffer));
        Assert.Equal(0, buffer.SkippedPackets);
    }

    [Fact]
    public void TryDequeue_HoleOlderThanWindow_SkipsItAndCountsTheLoss()
    {
        var time = new FakeTimeProvider();
        var buffer = new RtpReorderBuffer(16, 100, Window, time);
        buffer.Insert([1], 1);
        DrainSequences(buffer);
        buffer.Insert([4], 4);

        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.Empty(DrainSequences(buffer));
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal([(ushort)4], DrainSequences(buffer));
        Assert.Equal(2, buffer.SkippedPackets);
        Assert.Equal(1, buffer.SkipEvents);
    }

    [Fact]
    public void Insert_LateAfterSkipOrDuplicate_IsRejected()
    {
        var time = new FakeTimeProvider();
        var buffer = new RtpReorderBuffer(16, 100, Window, time);
        buffer.Insert([1], 1);
        buffer.Insert([3], 3);
        Assert.False(buffer.Insert([3], 3));
        time.Advance(Window);
        DrainSequences(buffer);

        Assert.False(buffer.Insert([2], 2));
        Assert.Equal(2, buffer.RejectedPackets);
    }

    [Fact]
    public void Insert_BeyondCapacity_GivesUpTheHeldPacketsAndRestartsThere()
    {
        var buffer = new RtpReorderBuffer(8, 100, Window, new FakeTimeProvider());
        buffer.Insert([1], 100);
        DrainSequences(buffer);
        buffer.Insert([2], 102);

        Assert.True(buffer.Insert([3], 120));

        Assert.Equal([(ushort)120], DrainSequences(buffer));
        Assert.Equal(19 - 1, buffer.SkippedPackets); // 101..119 missing except the held 102
    }

    [Fact]
    public void TryDequeue_ReturnsTheStoredBytes()
    {
        var buffer = new RtpReorderBuffer(4, 100, Window, new FakeTimeProvider());
        buffer.Insert([0xAA, 0xBB, 0xCC], 7);

        Assert.True(buffer.TryDequeue(out var packet, out var sequence));
        Assert.Equal(7, sequence);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC }, packet.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(65536)]
    public void Constructor_CapacityNotAPowerOfTwoInRange_Throws(int capacity)
    {
        Assert.Throws<ArgumentException>(() => new RtpReorderBuffer(capacity, 100, Window));
    }

    private static List<ushort> DrainSequences(RtpReorderBuffer buffer)
    {
        var released = new List<ushort>();
        while (buffer.TryDequeue(out _, out var sequence))
        {
            released.Add(sequence);
        }

        return released;
    }
}
